package web

import (
	"strings"
	"testing"
	"time"

	"kasane/internal/casework"
)

// TestCaseRowsEscaped: the case list rows written in Go escape every value
// as the template would, and show なし for a case without contacts.
func TestCaseRowsEscaped(t *testing.T) {
	at := time.Date(2026, 6, 1, 1, 30, 0, 0, time.UTC)
	cs := []casework.Case{
		{ID: "a\"b", Number: "2026-<1>", FocusName: "架空 <b>太郎</b> & 'x'", ReceivedOn: "2026-05-20", Status: "intake", LeadOrgID: "o1", LastContactAt: &at},
		{ID: "c2", Number: "2026-00002", FocusName: "架空 花子", ReceivedOn: "2026-05-20", Status: "closed", LeadOrgID: "o2"},
	}
	got := string(caseRows(cs, map[string]string{"o1": "機関<一>"}))
	for _, want := range []string{
		`<a href="/cases/a%22b">2026-&lt;1&gt;</a>`, `<td>架空 &lt;b&gt;太郎&lt;/b&gt; &amp; &#39;x&#39;</td>`,
		"<td>" + dayShown("2026-05-20") + "</td>", "<td>" + casework.CaseStatuses.Label("intake") + "</td>", "<td>機関&lt;一&gt;</td>",
		"<td>" + dayShown("2026-06-01") + "</td>", `<td><span class="muted">なし</span></td>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	if strings.Contains(got, "<b>") || strings.Count(got, "<tr>") != 2 {
		t.Errorf("rows:\n%s", got)
	}
}
