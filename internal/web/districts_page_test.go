package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDistrictsAdminPage: the municipal administrator keeps the 地区 master
// list on a page of the administrator's menu — adds, renames and retires
// 地区, sees which spellings are the same 地区 (桜ケ丘・桜ヶ丘・桜が丘), and
// gets a message beside the row with what was typed kept when two rows are
// one 地区, or a conflict when the list changed meanwhile. Nobody else
// opens it.
func TestDistrictsAdminPage(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("admin")
	p := b.get("/admin/organizations")
	if !strings.Contains(p.Body, `<a href="/admin/districts">地区</a>`) {
		t.Fatal("the administrator's menu does not link the 地区 page")
	}
	p = b.get("/admin/districts")
	if p.StatusCode != 200 || !strings.Contains(p.Body, "桜ケ丘・桜ヶ丘・桜が丘は同じ地区") || !strings.Contains(p.Body, `name="rows" value="3"`) {
		t.Fatalf("empty page: %d %s", p.StatusCode, p.Body)
	}
	for _, u := range []string{"worker", "coord", "privacy"} {
		w := e.browser()
		w.login(u)
		if r := w.get("/admin/districts"); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s opens the 地区 page: %d", u, r.StatusCode)
		}
		if r := w.post("/admin/districts", url.Values{"rows": {"1"}, "name_0": {"北町"}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s saves the 地区 list: %d", u, r.StatusCode)
		}
	}
	list := func() []any {
		t.Helper()
		return e.api("GET", "/api/v1/districts", e.token("worker"), nil).JSON(t)["names"].([]any)
	}
	// two rows that are one 地区: the message beside the later row, the input kept
	r := b.post("/admin/districts", url.Values{"rows": {"3"}, "name_0": {"桜ケ丘"}, "name_1": {"北町"}, "name_2": {"桜が丘"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, `id="f-name_2-error">「桜が丘」は「桜ケ丘」と同じ地区です`) || !strings.Contains(r.Body, `value="北町"`) || len(list()) != 0 {
		t.Fatalf("same 地区 twice: %d %s", r.StatusCode, r.Body)
	}
	// add two
	r = b.post("/admin/districts", url.Values{"rows": {"3"}, "name_0": {"桜ケ丘"}, "name_1": {"北町"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d %s", r.StatusCode, r.Body)
	}
	p = b.get(r.Header.Get("Location"))
	if !strings.Contains(p.Body, "地区の一覧を保存しました（追加 2、名称の変更 0、廃止 0）") || !strings.Contains(p.Body, "桜ヶ丘・桜が丘") ||
		!strings.Contains(p.Body, `name="was_1" value="北町"`) || !strings.Contains(p.Body, `name="rows" value="5"`) {
		t.Fatalf("after adding: %s", p.Body)
	}
	if l := list(); len(l) != 2 || l[0] != "桜ケ丘" || l[1] != "北町" {
		t.Fatalf("list: %v", l)
	}
	if !e.auditHas("districts", e.sys.MunicipalityID) {
		t.Error("the change of the list is not audited")
	}
	// a name of an existing row emptied without 廃止
	r = b.post("/admin/districts", url.Values{"rows": {"5"}, "was_0": {"桜ケ丘"}, "name_0": {""}, "was_1": {"北町"}, "name_1": {"北町"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, `id="f-name_0-error">地区名を入力するか、「廃止する」を選んでください。`) {
		t.Fatalf("emptied row: %d %s", r.StatusCode, r.Body)
	}
	// retire 桜ケ丘, rename 北町, add 南町 (typed 南町 in full width spaces around)
	r = b.post("/admin/districts", url.Values{"rows": {"5"}, "was_0": {"桜ケ丘"}, "name_0": {"桜ケ丘"}, "retire_0": {"1"},
		"was_1": {"北町"}, "name_1": {"北町一丁目"}, "name_2": {"　南町 "}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", r.StatusCode, r.Body)
	}
	if p := b.get(r.Header.Get("Location")); !strings.Contains(p.Body, "（追加 1、名称の変更 1、廃止 1）") {
		t.Fatalf("after editing: %s", p.Body)
	}
	if l := list(); len(l) != 2 || l[0] != "北町一丁目" || l[1] != "南町" {
		t.Fatalf("list after editing: %v", l)
	}
	// a resource's 地区 is now one of the list, as the list writes it
	res := e.api("POST", "/api/v1/resources", e.token("worker"), map[string]any{"name": "みなみ食堂", "kind": "子ども食堂", "district": "桜ヶ丘"})
	if res.StatusCode != 422 || !strings.Contains(res.Body, "北町一丁目・南町") {
		t.Fatalf("a retired 地区: %d %s", res.StatusCode, res.Body)
	}
	// a form shown before someone else changed the list: a conflict, the
	// current list on the page and what was typed in the message
	r = b.post("/admin/districts", url.Values{"rows": {"5"}, "was_0": {"桜ケ丘"}, "name_0": {"桜ケ丘"}, "was_1": {"北町"}, "name_1": {"北町"}, "name_2": {"西町"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "あなたの入力: 桜ケ丘・北町・西町") || !strings.Contains(r.Body, `value="北町一丁目"`) {
		t.Fatalf("stale form: %d %s", r.StatusCode, r.Body)
	}
	if l := list(); len(l) != 2 {
		t.Fatalf("the stale form changed the list: %v", l)
	}
}
