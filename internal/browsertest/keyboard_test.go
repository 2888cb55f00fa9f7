package browsertest

import (
	"context"
	"fmt"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keys sends key presses to the focused element.
func (b *tab) keys(k string, opts ...chromedp.KeyOption) {
	b.t.Helper()
	b.do(chromedp.KeyEvent(k, opts...))
}

// enter presses Enter as a physical keyboard does: a raw key down, the
// character, a key up. (chromedp.KeyEvent sends a keyDown that Chrome does
// not mark as handled by a link's activation, so its character would reach
// the field that the link focuses and submit that field's form: an artefact
// no real keyboard produces.)
var enter = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, p := range []input.DispatchKeyEventParams{
		{Type: input.DispatchKeyEventTypeRawKeyDown},
		{Type: input.DispatchKeyEventTypeChar, Text: "\r", UnmodifiedText: "\r"},
		{Type: input.DispatchKeyEventTypeKeyUp},
	} {
		p.Key, p.Code, p.WindowsVirtualKeyCode, p.NativeVirtualKeyCode = "Enter", "Enter", 13, 13
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
			return err
		}
	}
	return nil
})

// pressEnter presses Enter where the focus is and waits for the page it
// opens; it returns the status of that page.
func (b *tab) pressEnter() int64 {
	b.t.Helper()
	return b.submit(enter)
}

// tabTo presses Tab (or Shift+Tab when back) until the focused element
// matches sel, and then checks that the focus is visible.
func (b *tab) tabTo(sel string, back bool) {
	b.t.Helper()
	b.tabUntil(fmt.Sprintf(`e.matches(%q)`, sel), sel, back)
}

// tabUntil presses Tab (or Shift+Tab when back) until the JavaScript
// condition on the focused element e holds (no key when it holds already).
// Every element the focus stops on on the way must show its focus; what
// names the wanted element in messages.
func (b *tab) tabUntil(cond, what string, back bool) {
	b.t.Helper()
	var opts []chromedp.KeyOption
	if back {
		opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	// [matches, the focused element when its focus is not visible]
	probe := fmt.Sprintf(`(() => { const e = document.activeElement;
		if (!e || e === document.body) return [false, ''];
		const s = getComputedStyle(e), seen = (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || (s.boxShadow && s.boxShadow !== 'none');
		return [!!(%s), seen ? '' : e.outerHTML.split('>')[0] + '>'] })()`, cond)
	var unseen []string
	found := run(b, func(ctx context.Context, t *chromedp.Target) (bool, error) {
		for i := range 401 {
			if i > 0 {
				if _, err := chromedp.KeyEvent(kb.Tab, opts...)(ctx, t); err != nil {
					return false, err
				}
			}
			r, err := chromedp.Evaluate[[]any](probe)(ctx, t)
			if err != nil || len(r) != 2 {
				return false, err
			}
			if u, _ := r[1].(string); u != "" && i > 0 {
				unseen = append(unseen, u)
			}
			if ok, _ := r[0].(bool); ok {
				return true, nil
			}
		}
		return false, nil
	})
	if len(unseen) > 0 {
		b.t.Errorf("%s: the focus stopped on elements without a visible focus: %s", b.location(), strings.Join(unseen, " "))
	}
	if !found {
		b.t.Fatalf("%s: Tab never reached %s", b.location(), what)
	}
	b.focusVisible()
}

// focusVisible fails unless the focused element draws a focus indicator:
// an outline of some width or a box shadow (the design system's focus
// ring), as the browser computes it.
func (b *tab) focusVisible() {
	b.t.Helper()
	st := eval[[]string](b, `(() => { const e = document.activeElement, s = getComputedStyle(e);
		return [e.tagName + (e.id ? '#' + e.id : '') + (e.name ? '[' + e.name + ']' : ''), s.outlineStyle, s.outlineWidth, s.boxShadow] })()`)
	if len(st) != 4 {
		b.t.Fatalf("%s: focus style %v", b.location(), st)
	}
	outline := st[1] != "none" && st[2] != "0px"
	shadow := st[3] != "none" && st[3] != ""
	if !outline && !shadow {
		b.t.Fatalf("%s: no visible focus on %s (outline %s %s, box-shadow %s)", b.location(), st[0], st[1], st[2], st[3])
	}
}

// focusedIs reports whether the focused element matches sel.
func (b *tab) focusedIs(sel string) bool {
	b.t.Helper()
	return eval[bool](b, fmt.Sprintf(`!!document.activeElement && document.activeElement.matches(%q)`, sel))
}
