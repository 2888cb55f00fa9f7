package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kasane/internal/web"
)

// TestBenchPagesCoversEveryPage: the crawl of `kasane bench pages` on the
// demo data opens every GET page route (all GET routes but the JSON API and
// the listed exclusions), every page carries a Server-Timing header, and
// the report names every route. (No timing threshold: the figures are for
// the report, not for the test.)
func TestBenchPagesCoversEveryPage(t *testing.T) {
	ctx := context.Background()
	c, db, stop, err := crawlDemo(ctx, filepath.Join(t.TempDir(), "kasane.db"), 4)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	defer stop()
	if len(c.noTiming) > 0 {
		t.Errorf("pages without Server-Timing: %v", c.noTiming)
	}
	for p := range pageExclusions {
		if !slices.Contains(web.Patterns(), p) {
			t.Errorf("excluded route %q is not a route of kasane", p)
		}
	}
	if err := c.measure(ctx, 1, c.pages); err != nil {
		t.Fatal(err)
	}
	if err := c.crawlSecondFactor(ctx, db, 1); err != nil {
		t.Fatal(err)
	}
	if un := c.unreached(); len(un) > 0 {
		t.Errorf("page routes the crawl did not reach: %v", un)
	}
	var out bytes.Buffer
	if err := c.report(&out, 1, time.Second, time.Hour, true); err != nil {
		t.Fatal(err)
	}
	for _, r := range pageRoutes() {
		if !strings.Contains(out.String(), r+" ") {
			t.Errorf("the report has no line for %s:\n%s", r, out.String())
		}
	}
	if !strings.Contains(out.String(), "every GET page route reached") {
		t.Errorf("report:\n%s", out.String())
	}
}

func TestServerTimingHeader(t *testing.T) {
	for _, w := range []struct {
		h    string
		want float64
	}{{"app;dur=12.3", 12.3}, {"db;dur=1, app;dur=0.4", 0.4}, {"", -1}, {"app", -1}} {
		if got := serverTiming(w.h); got != w.want {
			t.Errorf("serverTiming(%q) = %v, want %v", w.h, got, w.want)
		}
	}
}
