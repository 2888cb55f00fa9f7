package web

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"kasane/internal/casework"
	"kasane/internal/genogram"
	"kasane/internal/sqldb"
)

// ecomapMaxDrawn is how many connections the ecomap draws at most; the
// counterparts of support records beyond it are listed in the text only.
const ecomapMaxDrawn = 15

var tieKindLabel = map[string]string{"organization": "関係機関", "resource": "社会資源", "informal": "インフォーマル"}

var tieDirection = map[string]string{"to": genogram.ToHousehold, "from": genogram.FromHousehold, "both": genogram.Both, "none": genogram.NoDirection}

// ecomapRecorded adds to the derived connections (team, places) the
// organizations of the plans, the counterparts of the support records and
// the ties the worker recorded.
// A counterpart already drawn gets the count of its records; a tie for a
// counterpart already drawn sets its strength, direction and note.
func ecomapRecorded(conns []genogram.Connection, data sqldb.GenogramData) ([]genogram.Connection, []string) {
	// organizations with lines in an agreed or decided plan
	for _, c := range data.PlanOrgs {
		if i := findConnection(conns, c.Name, false); i >= 0 {
			conns[i].Kind = strings.TrimSpace(conns[i].Kind + " 支援プラン")
			continue
		}
		conns = append(conns, genogram.Connection{Name: c.Name, Kind: "支援プラン", Persons: c.Persons, Strength: genogram.Normal, Direction: genogram.ToHousehold})
	}
	fixed := len(conns) // always drawn
	var omitted []string
	for _, c := range data.Contacts {
		rec := "支援経過" + strconv.Itoa(c.Count) + "件"
		if i := findConnection(conns, c.Name, true); i >= 0 {
			// one box per organization: the counts of its names add up
			if m := recCount.FindStringSubmatchIndex(conns[i].Kind); m != nil {
				n, _ := strconv.Atoi(conns[i].Kind[m[2]:m[3]])
				conns[i].Kind = conns[i].Kind[:m[0]] + "支援経過" + strconv.Itoa(n+c.Count) + "件" + conns[i].Kind[m[1]:]
			} else {
				conns[i].Kind = strings.TrimSpace(conns[i].Kind + " " + rec)
			}
			continue
		}
		strength := genogram.Weak
		if c.Count >= 3 {
			strength = genogram.Normal
		}
		conns = append(conns, genogram.Connection{Name: c.Name, Kind: rec, Persons: c.Persons, Strength: strength})
	}
	var ties []genogram.Connection
	for _, t := range data.Ties {
		persons := []string(nil)
		if t.PersonID != "" {
			persons = []string{data.People[t.PersonID].Name}
		}
		c := genogram.Connection{Name: t.Name, Kind: tieKindLabel[t.Counterpart], Persons: persons,
			Strength: t.Strength, Direction: tieDirection[t.Direction], Note: t.Note}
		if i := findConnection(conns, t.Name, false); i >= 0 {
			o := &conns[i]
			o.Strength, o.Direction, o.Note = c.Strength, c.Direction, c.Note
			for _, p := range persons {
				if !containsString(o.Persons, p) && len(o.Persons) > 0 {
					o.Persons = append(o.Persons, p)
				}
			}
			if i >= fixed {
				// a counterpart of the records the worker confirmed: drawn first
				ties = append(ties, *o)
				conns = append(conns[:i], conns[i+1:]...)
			}
			continue
		}
		ties = append(ties, c)
	}
	contacts := conns[fixed:]
	conns = append(conns[:fixed:fixed], ties...)
	for _, c := range contacts {
		if len(conns) < ecomapMaxDrawn {
			conns = append(conns, c)
		} else {
			omitted = append(omitted, c.Name)
		}
	}
	return conns, omitted
}

// findConnection finds a connection by name; loose also matches a name
// contained in the other (「地域包括」 and 「地域包括支援センター」).
func findConnection(conns []genogram.Connection, name string, loose bool) int {
	for i, c := range conns {
		if c.Name == name {
			return i
		}
	}
	if !loose || utf8.RuneCountInString(name) < 2 {
		return -1
	}
	for i, c := range conns {
		if strings.Contains(c.Name, name) || utf8.RuneCountInString(c.Name) >= 2 && strings.Contains(name, c.Name) {
			return i
		}
	}
	// the short names staff write in the records (「社協」 for 社会福祉協議会)
	for short, full := range orgShortNames {
		if !strings.Contains(name, short) || strings.Contains(name, full) {
			continue
		}
		if i := findConnection(conns, strings.Replace(name, short, full, 1), true); i >= 0 {
			return i
		}
	}
	return -1
}

// orgShortNames are the usual short names of organizations in support
// records, so that a counterpart 「社協」 is drawn in the box of the
// organization 「かさね市社会福祉協議会」 rather than a second time.
var orgShortNames = map[string]string{
	"社協":   "社会福祉協議会",
	"地域包括": "地域包括支援センター",
	"包括":   "包括支援センター",
	"基幹相談": "基幹相談支援センター",
	"子家セン": "こども家庭センター",
}

// recCount finds the count of support records in a connection's kind.
var recCount = regexp.MustCompile(`支援経過(\d+)件`)

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// tieFromForm reads the tie form of the ecomap.
func tieFromForm(f map[string][]string, householdID string) casework.EcomapTie {
	get := func(k string) string {
		if v := f[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	v, _ := strconv.Atoi(get("version"))
	return casework.EcomapTie{HouseholdID: householdID, PersonID: get("person_id"), Counterpart: get("counterpart_kind"),
		OrganizationID: get("organization_id"), ResourceID: get("resource_id"), Name: get("name"),
		Strength: get("strength"), Direction: get("direction"), Note: get("note"), Version: v}
}
