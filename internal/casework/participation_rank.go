package casework

import (
	"fmt"
	"math"
	"sort"
)

// Reason is one line of why a resource was (or was not) suggested.
type Reason struct {
	Kind     string `json:"kind"` // time, place, interest, accessibility, capacity
	Text     string `json:"text"`
	Positive bool   `json:"positive"`
}

// Suggestion is a resource ranked for a person, with the reasons shown.
type Suggestion struct {
	Resource Resource `json:"resource"`
	Score    int      `json:"score"`
	Reasons  []Reason `json:"reasons"`
}

// DistanceKm is the great-circle distance between two points.
func DistanceKm(lat1, lng1, lat2, lng2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlng := (lat2-lat1)*rad, (lng2-lng1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlng/2)*math.Sin(dlng/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

func overlap(a, b []string) []string {
	var out []string
	for _, x := range a {
		if contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func joinJP(ss []string) string {
	s := ""
	for i, x := range ss {
		if i > 0 {
			s += "・"
		}
		s += x
	}
	return s
}

// RankResources ranks the resources that accept participants for a person's
// needs profile, best first. Points: the time fits (+3; does not fit −3),
// same district (+2) or distance (≤2 km +2, ≤5 km +1, >10 km −1), each
// shared interest (+2, at most three), each needed accommodation offered
// (+1) or missing (−2). Ties keep the name order. Each point has its reason.
func RankResources(p NeedsProfile, rs []Resource) []Suggestion {
	var out []Suggestion
	for _, r := range rs {
		if !r.AcceptsParticipants {
			continue
		}
		s := Suggestion{Resource: r}
		add := func(kind string, pts int, text string) {
			s.Score += pts
			s.Reasons = append(s.Reasons, Reason{Kind: kind, Text: text, Positive: pts > 0})
		}
		// time
		if len(p.Days) > 0 && len(r.Days) > 0 {
			days := overlap(p.Days, r.Days)
			slotsOK := len(p.TimeSlots) == 0 || len(r.TimeSlots) == 0 || len(overlap(p.TimeSlots, r.TimeSlots)) > 0
			switch {
			case len(days) > 0 && slotsOK:
				add("time", 3, "都合のよい曜日に開いています（"+joinJP(days)+"曜日"+slotText(overlap(p.TimeSlots, r.TimeSlots))+"）")
			case len(days) > 0:
				add("time", -3, "曜日は合いますが時間帯が合いません（"+joinJP(r.TimeSlots)+"）")
			default:
				add("time", -3, "都合のよい曜日に開いていません（"+joinJP(r.Days)+"曜日）")
			}
		}
		// place
		if p.HomeLat != nil && p.HomeLng != nil && r.Lat != nil && r.Lng != nil {
			d := DistanceKm(*p.HomeLat, *p.HomeLng, *r.Lat, *r.Lng)
			txt := fmt.Sprintf("自宅から約%.1fkm", d)
			switch {
			case d <= 2:
				add("place", 2, txt)
			case d <= 5:
				add("place", 1, txt)
			case d > 10:
				add("place", -1, txt+"（遠い）")
			}
		} else if r.District != "" && contains(p.Districts, r.District) {
			add("place", 2, "希望する地区にあります（"+r.District+"）")
		}
		// interests
		shared := overlap(p.Interests, r.Activities)
		for i, x := range shared {
			if i == 3 {
				break
			}
			add("interest", 2, "興味のある活動: "+x)
		}
		// accessibility
		for _, need := range p.SupportNeeded {
			if contains(r.Accessibility, need) {
				add("accessibility", 1, "必要な配慮あり: "+need)
			} else {
				add("accessibility", -2, "必要な配慮が確認できません: "+need)
			}
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Resource.Name < out[j].Resource.Name
	})
	return out
}

func slotText(slots []string) string {
	if len(slots) == 0 {
		return ""
	}
	return "、" + joinJP(slots)
}
