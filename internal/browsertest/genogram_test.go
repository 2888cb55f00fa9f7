package browsertest

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"kasane/internal/casework"
)

// TestBrowserGenogramScreenshot draws an 8050 household's genogram and
// ecomap in the browser and checks the pictures are really painted: each
// SVG has a size and its screenshot holds dark strokes, not a blank box. The
// screenshots are kept in artifacts/ on failure.
func TestBrowserGenogramScreenshot(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	ctx := context.Background()
	mother := a.person("worker", "北村", "トメ", "キタムラ", "トメ", "1942-03-03")
	son := a.person("worker", "北村", "健一", "キタムラ", "ケンイチ", "1972-08-08")
	a.caseFor("worker", mother.ID)
	h := casework.Household{Label: "北村さん世帯", Kind: "二世代"}
	if err := a.db.CreateHousehold(ctx, a.as("worker"), &h); err != nil {
		t.Fatal(err)
	}
	for _, m := range []casework.HouseholdMember{{PersonID: mother.ID, Relationship: "本人", Cohabiting: true, Roles: []string{"被介護者"}},
		{PersonID: son.ID, Relationship: "子", Cohabiting: true, Roles: []string{"主たる介護者"}}} {
		if err := a.db.AddHouseholdMember(ctx, a.as("worker"), h.ID, &m); err != nil {
			t.Fatal(err)
		}
	}
	rel := casework.PersonRelation{FromPersonID: mother.ID, ToPersonID: son.ID, Kind: "親子", Quality: "疎遠"}
	if err := a.db.AddRelation(ctx, a.as("worker"), &rel); err != nil {
		t.Fatal(err)
	}
	b := newTab(t, a.url)
	b.keepScreenshot("")
	b.login("worker")
	b.open("/households/" + h.ID + "/genogram")
	b.see("北村")
	n := eval[int](b, `document.querySelectorAll('svg[role=img]').length`)
	if n < 2 {
		t.Fatalf("want the genogram and the ecomap as SVG, found %d", n)
	}
	for i := 0; i < 2; i++ {
		eval[bool](b, `document.querySelectorAll('svg[role=img]')[`+string(rune('0'+i))+`].setAttribute('data-shot', 'yes') || true`)
		shot := run(b, chromedp.Screenshot(chromedp.CSS(`svg[data-shot]`), chromedp.NodeVisible))
		eval[bool](b, `document.querySelector('svg[data-shot]').removeAttribute('data-shot') || true`)
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatalf("picture %d: %v", i, err)
		}
		if img.Bounds().Dx() < 100 || img.Bounds().Dy() < 60 {
			t.Errorf("picture %d too small: %v", i, img.Bounds())
		}
		if dark := darkPixels(img); dark < 200 {
			t.Errorf("picture %d looks blank: %d dark pixels", i, dark)
		}
		if t.Failed() {
			_ = os.MkdirAll("artifacts", 0o755)
			_ = os.WriteFile(filepath.Join("artifacts", t.Name()+string(rune('0'+i))+".png"), shot, 0o644)
		}
	}
}

func darkPixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r+g+bl < 3*0x6000 {
				n++
			}
		}
	}
	return n
}
