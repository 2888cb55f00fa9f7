package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/demo"
)

func TestOrgAndUserAddHelpListEveryKindAndRole(t *testing.T) {
	for _, c := range []struct {
		cmd  []string
		list casework.CodeList
	}{{[]string{"org", "add"}, casework.OrgKinds}, {[]string{"user", "add"}, casework.Roles}} {
		code, _, errs := cli(t, "", append(c.cmd, "--help")...)
		if code != 0 {
			t.Fatalf("%v --help: exit %d", c.cmd, code)
		}
		for _, it := range c.list {
			if !strings.Contains(errs, it.Value) || !strings.Contains(errs, it.Label) {
				t.Errorf("%v --help lacks %s (%s):\n%s", c.cmd, it.Value, it.Label, errs)
			}
		}
	}
}

func TestWrongKindOrRoleNamesTheValidOnes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	code, _, errs := cli(t, "", "org", "add", "--db", db, "--name", "x", "--kind", "bank")
	if code == 0 || !strings.Contains(errs, `"bank"`) || !strings.Contains(errs, "municipal_section（市の担当課）") || !strings.Contains(errs, "other（その他）") {
		t.Errorf("wrong kind: %d %s", code, errs)
	}
	code, _, errs = cli(t, "", "user", "add", "--db", db, "--org", "x", "--email", "a@example.jp", "--name", "x", "--role", "worker,boss")
	if code == 0 || !strings.Contains(errs, `"boss"`) || !strings.Contains(errs, "privacy_officer（個人情報保護担当）") {
		t.Errorf("wrong role: %d %s", code, errs)
	}
}

func TestGroupedCommandHelpPrintsUsageOnce(t *testing.T) {
	for _, cmd := range []string{"report", "export", "import", "user", "token"} {
		code, out, errs := cli(t, "", cmd, "--help")
		if code != 0 || errs != "" || strings.Contains(out, "kasane: kasane") || strings.Count(out, "使い方") != 1 || !strings.Contains(out, "kasane "+cmd+" ") {
			t.Errorf("%s --help: exit %d stdout %q stderr %q", cmd, code, out, errs)
		}
	}
	if _, _, errs := cli(t, "", "report", "monthly"); strings.Contains(errs, "kasane: kasane") {
		t.Errorf("doubled prefix: %q", errs)
	}
}

func TestDemoOnATakenPortSaysUseAddr(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, errs := cli(t, "", "demo", "--db", filepath.Join(t.TempDir(), "demo.db"), "--addr", ln.Addr().String())
	if code == 0 || !strings.Contains(errs, "--addr") || !strings.Contains(errs, ln.Addr().String()) {
		t.Fatalf("demo on a taken port: %d %s", code, errs)
	}
}

// TestDemoLoginTableAligned checks that every column of the demo's login
// table starts at the same terminal column, kanji counting two.
func TestDemoLoginTableAligned(t *testing.T) {
	logins := []demo.Login{
		{Email: "worker@demo.kasane.example", Role: "相談支援員", Org: "かさね市 北部地域包括支援センター"},
		{Email: "coordinator@demo.kasane.example", Role: "多機関協働コーディネーター", Org: "多機関協働センター つむぎ"},
		{Email: "host@demo.kasane.example", Role: "受け入れ先", Org: "株式会社 かさね農園"},
	}
	var b bytes.Buffer
	printLogins(&b, logins)
	lines := strings.Split(b.String(), "\n")
	col := -1
	for _, l := range lines {
		for _, lg := range logins {
			if strings.Contains(l, lg.Email) {
				at := displayWidth(l[:strings.Index(l, lg.Org)])
				if col >= 0 && at != col {
					t.Fatalf("organization column at %d, want %d:\n%s", at, col, b.String())
				}
				col = at
			}
		}
	}
	if col < 0 || displayWidth("多機関協働") != 10 || displayWidth("NPO") != 3 {
		t.Fatalf("table:\n%s", b.String())
	}
}

func TestOpenAPICommandWritesTheDocument(t *testing.T) {
	out := filepath.Join(t.TempDir(), "openapi.json")
	if code, _, errs := cli(t, "", "openapi", "--out", out); code != 0 {
		t.Fatalf("kasane openapi: %s", errs)
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(b), `"openapi": "3.1.0"`) || !strings.Contains(string(b), `"operationId": "getCodeLists"`) {
		t.Fatalf("document: %v %.200s", err, b)
	}
}
