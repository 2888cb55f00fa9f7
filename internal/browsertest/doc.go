// Package browsertest drives kasane in headless Chromium (chromedp): the
// flows social workers do all day, keyboard-only work, axe-core on every
// main page and A4 printing. The tests are all named TestBrowser…; they skip
// when no Chromium is installed unless KASANE_BROWSER is set (CI sets it).
// Screenshots of failed tests are kept in artifacts/ (ignored by git).
package browsertest
