package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kasane/internal/casework"
)

// TestBrowserSearchFormsAndPersonPage (issue 21): a worker finds a person
// typed in capitals, lower case or full width, by 和暦 or 西暦 birth date
// and by phone with or without hyphens; the hit shows age, sex and 地区; the
// person page shows the household and the consents in force, and no longer
// offers 「世帯を登録する」. At 1366×900 and 1280×720 neither page scrolls
// sideways.
func TestBrowserSearchFormsAndPersonPage(t *testing.T) {
	t.Parallel()
	a := newApp(t, false)
	ctx := context.Background()
	w := a.as("worker")
	p := casework.Person{FamilyName: "NGUYEN", GivenName: "Van An", FamilyKana: "グエン", GivenKana: "バン アン", BirthDate: "1980-04-01",
		Sex: "male", Phone: "090-1234-5678", Address: casework.Address{Prefecture: "架空県", City: "かさね市", Street: "若葉台2丁目11番地の6"}}
	if err := a.db.CreatePerson(ctx, w, &p); err != nil {
		t.Fatal(err)
	}
	h := casework.Household{Label: "グエンさん世帯", Kind: "単身"}
	if err := a.db.CreateHousehold(ctx, w, &h); err != nil {
		t.Fatal(err)
	}
	if err := a.db.AddHouseholdMember(ctx, w, h.ID, &casework.HouseholdMember{PersonID: p.ID, Relationship: "本人", Cohabiting: true}); err != nil {
		t.Fatal(err)
	}
	a.caseFor("worker", p.ID)
	a.consent("worker", p.ID, "kurashi")

	b := newTab(t, a.url)
	b.login("worker")
	for _, q := range []string{"NGUYEN", "nguyen", "Ｎｇｕｙｅｎ", "1980/4/1", "S55.4.1", "昭和55年4月1日", "09012345678", "090-1234-5678"} {
		b.open("/persons")
		b.typeIn("#f-q", q)
		b.click(`form[role=search] button[type=submit]`)
		b.see("（1件）", "NGUYEN Van An", "昭和55年4月1日", "歳）", "男性", "若葉台", "北部地域包括支援センター")
	}
	for _, vp := range [][2]int64{{1366, 900}, {1280, 720}} {
		b.do(chromedp.EmulateViewport(vp[0], vp[1]))
		for _, path := range []string{"/persons?q=nguyen", "/persons/" + p.ID} {
			b.open(path)
			if sw, cw := eval[int](b, `document.documentElement.scrollWidth`), eval[int](b, `document.documentElement.clientWidth`); sw > cw {
				t.Errorf("%s at %d×%d scrolls sideways: scrollWidth %d > %d", path, vp[0], vp[1], sw, cw)
			}
		}
	}
	b.open("/persons?q=nguyen")
	b.click(`main table tbody a`)
	b.see("世帯", "グエンさん世帯", "本人・同居", "同意の状況", "有効な同意 1件", "くらしサポートセンターへ")
	if strings.Contains(b.mainText(), "世帯を登録する") {
		t.Error("the person page offers 「世帯を登録する」 to a member of a household")
	}
	if href := eval[string](b, fmt.Sprintf(`(document.querySelector('main a[href="/households/%s"]') || {}).pathname || ''`, h.ID)); href == "" {
		t.Error("no link to the household")
	}
}
