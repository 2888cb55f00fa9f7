package browsertest

import (
	"fmt"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// choose selects the option whose label contains text in a <select>.
func (b *tab) choose(sel, text string) {
	b.t.Helper()
	ok := eval[bool](b, fmt.Sprintf(`(() => { const s = document.querySelector(%q); if (!s) return false;
		const o = [...s.options].find(o => o.textContent.includes(%q)); if (!o) return false;
		s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, sel, text))
	if !ok {
		b.t.Fatalf("%s: no option %q in %s", b.location(), text, sel)
	}
}

// check ticks the checkbox or radio of a group whose label contains text.
func (b *tab) check(form, name, text string) {
	b.t.Helper()
	sel := fmt.Sprintf(`%s input[name=%q]`, form, name)
	id := eval[string](b, fmt.Sprintf(`(() => { const i = [...document.querySelectorAll(%q)]
		.find(i => i.closest('label').textContent.trim() === %q); if (!i) return '';
		if (!i.id) i.id = 'bt-' + Math.random().toString(36).slice(2); return i.id })()`, sel, text))
	if id == "" {
		b.t.Fatalf("%s: no choice %q for %s", b.location(), text, sel)
	}
	b.do(chromedp.Click(chromedp.ID(id)))
}

// setValue sets the value of an input that has no typing of its own, such
// as datetime-local, and tells the page as an input event does.
func setValue(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q);
		e.value = %q; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})) })()`, sel, value))
}

// evalAwait evaluates JavaScript that returns a promise and returns the
// value it resolves to.
func evalAwait[T any](b *tab, js string) T {
	b.t.Helper()
	return run(b, chromedp.Evaluate[T](js, func(p *runtime.EvaluateParams) { p.AwaitPromise = new(true) }))
}
