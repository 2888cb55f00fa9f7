package browsertest

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// kbPlan drafts a plan from the case page and has it agreed by the person,
// with keys only, and returns its id. 支援決定 is the municipality's (issue
// 19): the plan page says so, and the lead's own attempt is refused.
func kbPlan(b *tab, caseID string) string {
	b.t.Helper()
	b.tabTo(fmt.Sprintf(`main a[href="/cases/%s/plans"]`, caseID), false)
	b.pressEnter()
	b.tabTo(fmt.Sprintf(`main a[href="/cases/%s/plans/new"]`, caseID), false)
	if st := b.pressEnter(); st != 200 {
		b.t.Fatalf("new plan: status %d", st)
	}
	b.tabTo("[name=person_wish]", false)
	b.keys("家で暮らし続けたい。")
	b.tabTo("[name=long_goal]", false)
	b.keys("買い物と家計の困りごとを減らし、家で暮らし続ける。")
	b.tabTo("[name=short_goals]", false)
	b.keys("週1回の買い物支援を使う")
	b.tabTo(`[name="items.0.content"]`, false)
	b.keys("月2回の訪問")
	b.selectByKeys(`select[name="items.0.organization_id"]`, "北部地域包括支援センター")
	b.tabTo(`main form button[type=submit]`, false)
	if st := b.pressEnter(); st != 200 || !strings.HasPrefix(b.path(), "/plans/") {
		b.t.Fatalf("plan: status %d at %s: %s", st, b.path(), b.mainText())
	}
	b.see("プラン案", "買い物と家計の困りごとを減らし、家で暮らし続ける。")

	b.tabTo("#agree [name=agreed_on]", false)
	b.keys("R8.6.1")
	b.selectByKeys("#agree select[name=agreed_by]", "本人")
	b.tabTo("#agree button[type=submit]", false)
	if st := b.pressEnter(); st != 200 {
		b.t.Fatalf("agree: status %d: %s", st, b.mainText())
	}
	b.see("支援決定は市が行います")
	id := b.pathID()
	b.tabTo("#decide [name=decided_on]", false)
	b.keys("R8.6.2")
	b.tabTo("#decide button[type=submit]", false)
	if st := b.pressEnter(); st != 403 {
		b.t.Fatalf("the lead decides: status %d: %s", st, b.mainText())
	}
	return id
}

// kbAnnualReportXLSX goes from the menu (集計・出力) to the annual report
// and downloads it as Excel with Enter on the link, with keys only; the
// file must be an xlsx workbook.
func kbAnnualReportXLSX(b *tab) {
	b.t.Helper()
	b.tabTo(`nav.site-nav a[href="/reports"]`, false)
	b.pressEnter()
	b.tabTo(`main a[href^="/reports/annual?"]`, false)
	if st := b.pressEnter(); st != 200 || !strings.HasPrefix(b.path(), "/reports/annual") {
		b.t.Fatalf("annual report: status %d at %s", st, b.path())
	}
	b.tabTo(`main a[href*="format=xlsx"]`, false)
	name, body := b.downloadByEnter()
	if !strings.HasSuffix(name, ".xlsx") {
		b.t.Errorf("the download is named %q, want a .xlsx file", name)
	}
	z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		b.t.Fatalf("the download %s is not an xlsx (zip) file: %v", name, err)
	}
	found := false
	for _, f := range z.File {
		found = found || f.Name == "xl/workbook.xml"
	}
	if !found {
		b.t.Fatalf("the download %s has no workbook", name)
	}
}

// downloadByEnter presses Enter on the focused link, lets the browser save
// the file it starts downloading and returns the file's suggested name and
// its content.
func (b *tab) downloadByEnter() (string, []byte) {
	b.t.Helper()
	dir := b.t.TempDir()
	type got struct {
		name string
		body []byte
	}
	res := run(b, func(ctx context.Context, t *chromedp.Target) (got, error) {
		on := true
		if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &on}); err != nil {
			return got{}, err
		}
		begins := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
		progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
		if _, err := enter(ctx, t); err != nil {
			return got{}, err
		}
		var g got
		var guid string
		for ev, err := range begins {
			if err != nil {
				return g, err
			}
			g.name, guid = ev.SuggestedFilename, ev.GUID
			break
		}
		for ev, err := range progress {
			if err != nil {
				return g, err
			}
			if ev.GUID != guid {
				continue
			}
			if ev.State == browser.DownloadProgressStateCanceled {
				return g, fmt.Errorf("download of %s canceled", g.name)
			}
			if ev.State == browser.DownloadProgressStateCompleted {
				break
			}
		}
		body, err := os.ReadFile(filepath.Join(dir, guid))
		g.body = body
		return g, err
	})
	return res.name, res.body
}
