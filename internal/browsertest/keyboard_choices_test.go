package browsertest

import (
	"fmt"

	"github.com/chromedp/chromedp/kb"
)

// labelIs is a JavaScript condition on the element e: its label reads text.
func labelIs(text string) string {
	return fmt.Sprintf(`((e.closest('label') || (e.labels && e.labels[0]) || {}).textContent || '').trim() === %q`, text)
}

// tickByKeys moves the focus with Tab to the checkbox of the group name in
// scope whose label is text, and ticks it with Space unless it is ticked
// already (a default).
func (b *tab) tickByKeys(scope, name, text string) {
	b.t.Helper()
	sel := fmt.Sprintf(`%s input[type=checkbox][name=%q]`, scope, name)
	b.tabUntil(fmt.Sprintf(`e.matches(%q) && %s`, sel, labelIs(text)), sel+" "+text, false)
	if eval[bool](b, `document.activeElement.checked`) {
		return
	}
	b.keys(" ")
	if !eval[bool](b, `document.activeElement.checked`) {
		b.t.Fatalf("%s: Space did not tick %s %q", b.location(), sel, text)
	}
}

// radioByKeys moves the focus with Tab into the radio group name in scope
// and chooses the radio whose label is text with the arrow keys (Space
// first when nothing is chosen yet).
func (b *tab) radioByKeys(scope, name, text string) {
	b.t.Helper()
	sel := fmt.Sprintf(`%s input[type=radio][name=%q]`, scope, name)
	b.tabTo(sel, false)
	if !eval[bool](b, `document.activeElement.checked`) {
		b.keys(" ")
	}
	for range 20 {
		if eval[bool](b, fmt.Sprintf(`(() => { const e = document.activeElement; return e.checked && %s })()`, labelIs(text))) {
			b.focusVisible()
			return
		}
		b.keys(kb.ArrowRight)
	}
	b.t.Fatalf("%s: the arrow keys never chose %q in %s", b.location(), text, sel)
}

// selectByKeys moves the focus with Tab to the <select> sel and chooses
// the option whose label contains text with the arrow keys (down from the
// current option, then up).
func (b *tab) selectByKeys(sel, text string) {
	b.t.Helper()
	b.tabTo(sel, false)
	matches := fmt.Sprintf(`(() => { const o = document.activeElement.selectedOptions[0]; return !!o && o.textContent.includes(%q) })()`, text)
	for _, k := range []string{kb.ArrowDown, kb.ArrowUp} {
		for range 80 {
			if eval[bool](b, matches) {
				return
			}
			before := eval[int](b, `document.activeElement.selectedIndex`)
			b.keys(k)
			if eval[int](b, `document.activeElement.selectedIndex`) == before {
				break // at the end of the list
			}
		}
	}
	if !eval[bool](b, matches) {
		b.t.Fatalf("%s: the arrow keys never chose %q in %s (options: %s)", b.location(), text, sel,
			eval[string](b, `[...document.activeElement.options].map(o => o.textContent).join(' / ')`))
	}
}
