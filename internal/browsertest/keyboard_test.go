package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

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
	var opts []chromedp.KeyOption
	if back {
		opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	match := fmt.Sprintf(`!!document.activeElement && document.activeElement.matches(%q)`, sel)
	found := run(b, func(ctx context.Context, t *chromedp.Target) (bool, error) {
		for range 120 {
			if _, err := chromedp.KeyEvent(kb.Tab, opts...)(ctx, t); err != nil {
				return false, err
			}
			ok, err := chromedp.Evaluate[bool](match)(ctx, t)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	})
	if !found {
		b.t.Fatalf("%s: Tab never reached %s", b.location(), sel)
	}
	b.focusVisible()
}

// focusVisible fails unless the focused element draws a focus indicator:
// an outline of some width (the design system's focus ring).
func (b *tab) focusVisible() {
	b.t.Helper()
	st := eval[[]string](b, `(() => { const e = document.activeElement, s = getComputedStyle(e);
		return [e.tagName + (e.id ? '#' + e.id : '') + (e.name ? '[' + e.name + ']' : ''), s.outlineStyle, s.outlineWidth] })()`)
	if len(st) != 3 || st[1] == "none" || st[2] == "0px" {
		b.t.Fatalf("%s: no visible focus on %v", b.location(), st)
	}
}

// focusedIs reports whether the focused element matches sel.
func (b *tab) focusedIs(sel string) bool {
	b.t.Helper()
	return eval[bool](b, fmt.Sprintf(`!!document.activeElement && document.activeElement.matches(%q)`, sel))
}

// TestBrowserKeyboardOnly: the intake flow (login, person registration with
// a validation error first, consultation) with Tab, Shift+Tab, Space, Enter
// and typing only; visible focus on each stop; Enter while an IME is
// composing never submits; after an error the focus is on the summary.
func TestBrowserKeyboardOnly(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	b := newTab(t, a.url)

	b.open("/login")
	b.tabTo("a.skip-link", false)
	b.tabTo("#f-email", false)
	b.keys("worker@example.jp")
	b.tabTo("#f-password", false)
	b.keys(password)
	if st := b.pressEnter(); st != 200 || b.path() != "/" {
		t.Fatalf("login by Enter: status %d at %s", st, b.path())
	}

	b.tabTo(`nav.site-nav a[href="/persons"]`, false)
	b.pressEnter()
	b.tabTo(`main a[href="/persons/new"]`, false)
	b.pressEnter()
	if !strings.HasPrefix(b.path(), "/persons/new") {
		t.Fatalf("at %s", b.path())
	}

	// IME: Enter that confirms a conversion must not submit the form
	b.tabTo("#f-family_name", false)
	b.keys("山")
	ime := eval[[]any](b, `(() => { const i = document.activeElement, before = location.href;
		const e = new KeyboardEvent('keydown', {key: 'Enter', isComposing: true, bubbles: true, cancelable: true});
		i.dispatchEvent(e); return [e.defaultPrevented, location.href === before, i.form ? i.form.action : ''] })()`)
	if len(ime) != 3 || ime[0] != true || ime[1] != true {
		t.Fatalf("Enter while composing: defaultPrevented, stayed = %v", ime)
	}
	if p := b.path(); !strings.HasPrefix(p, "/persons/new") {
		t.Fatalf("Enter while composing submitted the form: at %s", p)
	}

	// submitting with a required field missing: the focus goes to the summary
	b.keys(kb.Backspace)
	b.tabTo(`main form button[type=submit]`, false)
	if st := b.pressEnter(); st != 422 {
		t.Fatalf("empty person: status %d", st)
	}
	if !b.focusedIs(".error-summary") {
		t.Fatalf("after the error the focus is on %s", eval[string](b, `document.activeElement.outerHTML.slice(0, 100)`))
	}
	b.focusVisible()
	// the first link of the summary takes the keyboard to the field
	b.tabTo(".error-summary a", false)
	b.do(enter)
	if !b.focusedIs("#f-family_name") {
		t.Fatalf("the summary link moved the focus to %s", eval[string](b, `document.activeElement.id`))
	}
	b.keys("山田")
	b.tabTo("#f-given_name", false)
	b.keys("太郎")
	b.tabTo("#f-family_name_kana", false)
	b.keys("やまだ")
	b.tabTo("#f-birth_date", false)
	b.keys("S50.4.1")
	if got := previewOf(b, "birth_date"); got != "1975-04-01" {
		t.Errorf("preview %q", got)
	}
	b.tabTo(`input[name=sex]`, false)
	b.keys(" ") // the first choice, 男性
	b.keys(kb.ArrowDown)
	if v := eval[string](b, `document.querySelector('input[name=sex]:checked').value`); v != "female" {
		t.Fatalf("arrow key in the radio group chose %q", v)
	}
	b.tabTo(`main form button[type=submit]`, false)
	if st := b.pressEnter(); st != 200 || !strings.HasPrefix(b.path(), "/persons/") {
		t.Fatalf("register: status %d at %s: %s", st, b.path(), b.mainText())
	}
	b.see("山田 太郎", "ヤマダ", "昭和50年4月1日")

	// 相談受付
	b.tabTo(`main a[href^="/cases/new"]`, false)
	b.pressEnter()
	b.tabTo("#f-received_on", false)
	b.keys("R8.5.20")
	b.tabTo("input[name=route]", false)
	b.keys(" ") // 本人
	b.tabTo("input[name=method]", false)
	b.keys(" ") // 来所
	b.tabTo("input[name=bunya]", false)
	b.keys(" ") // 介護
	b.tabTo(`main form button[type=submit]`, false)
	b.tabTo("#f-complaint", true) // back with Shift+Tab
	b.keys("ひとり暮らしで、買い物に行けない。")
	b.tabTo(`main form button[type=submit]`, false)
	if st := b.pressEnter(); st != 200 || !strings.HasPrefix(b.path(), "/cases/") {
		t.Fatalf("intake: status %d at %s: %s", st, b.path(), b.mainText())
	}
	b.see("ひとり暮らしで、買い物に行けない。", "本人・来所", "介護")
}
