package browsertest

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// pageObj matches a page object of a PDF (not the /Pages tree nodes).
var pageObj = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// mediaBox matches the page size of a PDF page in points.
var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]`)

// printA4 opens a print view, prints it to PDF on A4 as the browser's print
// dialog does and checks: one or two A4 pages, and no site header,
// navigation, footer or buttons on paper. The PDF is kept in artifacts/
// when the test fails.
func (b *tab) printA4(path, title string) {
	b.t.Helper()
	b.open(path)
	b.see(title)
	pdf := run(b, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	defer func() {
		if b.t.Failed() {
			name := strings.NewReplacer("/", "_").Replace(b.t.Name()+path) + ".pdf"
			_ = os.MkdirAll("artifacts", 0o755)
			_ = os.WriteFile(filepath.Join("artifacts", name), pdf, 0o644)
		}
	}()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		b.t.Fatalf("%s: not a PDF", path)
	}
	pages := len(pageObj.FindAll(pdf, -1))
	if pages < 1 || pages > 2 {
		b.t.Errorf("%s prints on %d pages, want 1 or 2 of A4", path, pages)
	}
	b.t.Logf("%s: %d page(s)", path, pages)
	for _, m := range mediaBox.FindAllSubmatch(pdf, -1) {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if math.Abs(w-595.3) > 2 || math.Abs(h-841.9) > 2 {
			b.t.Errorf("%s: page of %.1f×%.1f pt, want A4 (595×842)", path, w, h)
		}
	}

	// what is on paper: the print stylesheet hides the screen furniture
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	defer b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
		return err
	}))
	shown := eval[[]string](b, `[...document.querySelectorAll('.site-header, .site-nav, .site-footer, .skip-link, button, .button, [data-print]')]
		.filter(e => e.getClientRects().length > 0).map(e => e.tagName + '.' + e.className)`)
	if len(shown) > 0 {
		b.t.Errorf("%s: printed with the screen furniture: %v", path, shown)
	}
	if !eval[bool](b, `!!document.querySelector('.print-sheet') && document.querySelector('.print-sheet').getClientRects().length > 0`) {
		b.t.Errorf("%s: no print sheet on paper", path)
	}
}

// TestBrowserPrintA4: the six sheets that go on paper — the intake sheet
// (相談受付票, A票/B票; once more with every intake item filled in), the assessment, the plan, the evaluation, the consent and the
// minutes — each print on one or two A4 pages without the header and
// navigation of the screen.
func TestBrowserPrintA4(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	p := a.person("worker", "田中", "花子", "タナカ", "ハナコ", "1960-03-03")
	c := a.caseFor("worker", p.ID)
	cons := a.consent("worker", p.ID, "kurashi", "kodomo", "takikan")
	x, plan, ev := a.planned("worker", c.ID)
	meeting := a.meetingWith("worker", c.ID)

	b := newTab(t, a.url)
	b.login("worker")
	b.open("/cases/" + c.ID)
	b.see("相談受付票を印刷")
	b.printA4("/cases/"+c.ID+"/print", "相談受付票")
	// the A票/B票 with every item filled in still fits A4
	full := a.fullIntakeCase("worker", p.ID)
	b.printA4("/cases/"+full.ID+"/print", "申し込みます／関係機関と情報共有することに同意します")
	b.see("B票（基本情報）")
	b.printA4("/assessments/"+x.ID+"/print", "アセスメント")
	b.printA4("/plans/"+plan.ID+"/print", plan.LongGoal)
	b.printA4("/evaluations/"+ev.ID+"/print", "評価")
	b.printA4("/consents/"+cons.ID+"/print", "同意")
	b.printA4("/meetings/"+meeting.ID+"/print", meeting.Title)
}
