// Package browsertest drives kasane in headless Chromium (chromedp): the
// flows social workers do all day, every one of them again with the
// keyboard only (with a real IME composition through the DevTools
// protocol), axe-core on one page of every page route (on the demo data,
// as every role) and A4 printing of the six paper sheets. The tests are all
// named TestBrowser…; they skip when no Chromium is installed unless
// KASANE_BROWSER is set (CI sets it, so there a missing browser fails):
//
//	KASANE_BROWSER=chromium go test -run Browser ./internal/browsertest/...
//
// axe-core lives in testdata/axe-core with its licence (MPL-2.0) and is
// embedded in these tests only, never in the kasane binary. Screenshots
// (and PDFs) of failed tests are kept in artifacts/ (ignored by git).
package browsertest
