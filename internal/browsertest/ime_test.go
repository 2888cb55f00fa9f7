package browsertest

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// imeCompose sets the text an IME is composing in the focused field (the
// reading before the conversion is confirmed), as a Japanese IME does
// through the browser's input method interface.
func (b *tab) imeCompose(text string) {
	b.t.Helper()
	n := int64(utf8.RuneCountInString(text))
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.ImeSetComposition, input.ImeSetCompositionParams{Text: text, SelectionStart: n, SelectionEnd: n})
		return err
	}))
}

// imeCommit confirms the composition with the converted text.
func (b *tab) imeCommit(text string) {
	b.t.Helper()
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
}

// imeEnterKeepsForm composes reading in the focused text field, presses
// Enter while the composition is open and checks that the form was not
// submitted (the page did not change); then it commits converted and checks
// the field's value.
func (b *tab) imeEnterKeepsForm(reading, converted string) {
	b.t.Helper()
	before := b.location()
	eval[bool](b, `(() => { window.__ime = []; for (const n of ['compositionstart', 'compositionend', 'submit'])
		document.addEventListener(n, e => window.__ime.push(e.type + (e.type === 'compositionend' ? ':' + e.data : '')), true); return true })()`)
	b.imeCompose(reading)
	if v := eval[string](b, `document.activeElement.value`); !strings.Contains(v, reading) {
		b.t.Fatalf("%s: composing %q, the field shows %q", b.location(), reading, v)
	}
	b.do(enter)
	// a submission would navigate; give it the time of a round trip
	b.do(chromedp.Sleep(300 * time.Millisecond))
	if loc := b.location(); loc != before {
		b.t.Fatalf("Enter while the IME was composing submitted the form: from %s to %s", before, loc)
	}
	if evs := eval[[]string](b, `window.__ime`); len(evs) == 0 || evs[0] != "compositionstart" || strings.Contains(strings.Join(evs, " "), "submit") {
		b.t.Fatalf("Enter while composing: events %v", evs)
	}
	b.imeCommit(converted)
	if v := eval[string](b, `document.activeElement.value`); v != converted {
		b.t.Fatalf("after the conversion the field holds %q, want %q", v, converted)
	}
	if evs := eval[[]string](b, `window.__ime`); !strings.Contains(strings.Join(evs, " "), "compositionend:"+converted) {
		b.t.Fatalf("no end of composition with %q: %v", converted, evs)
	}
	// Safari sends the Enter that confirms a conversion after the end of
	// the composition, as key code 229: it must not submit either
	b.do(safariIMEEnter)
	b.do(chromedp.Sleep(300 * time.Millisecond))
	if loc := b.location(); loc != before {
		b.t.Fatalf("the confirming Enter (key code 229) submitted the form: from %s to %s", before, loc)
	}
}

// safariIMEEnter is the Enter that confirms a conversion as Safari sends
// it: key code 229, not composing any more.
var safariIMEEnter = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, p := range []input.DispatchKeyEventParams{
		{Type: input.DispatchKeyEventTypeRawKeyDown},
		{Type: input.DispatchKeyEventTypeChar, Text: "\r", UnmodifiedText: "\r"},
		{Type: input.DispatchKeyEventTypeKeyUp},
	} {
		p.Key, p.Code, p.WindowsVirtualKeyCode, p.NativeVirtualKeyCode = "Enter", "Enter", 229, 229
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
			return err
		}
	}
	return nil
})
