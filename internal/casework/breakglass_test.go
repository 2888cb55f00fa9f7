package casework

import (
	"testing"
	"time"
)

func TestCheckBreakGlassRolesAndKinds(t *testing.T) {
	reason := "自宅で倒れているとの通報があったため"
	for _, kind := range OrgKinds.Values() {
		for _, role := range Roles.Values() {
			a := Actor{UserID: "u", OrganizationID: "o", Roles: []string{role}}
			want := contains(BreakGlassOrgKinds, kind) && (role == "worker" || role == "coordinator")
			if err := CheckBreakGlass(a, kind, reason); (err == nil) != want {
				t.Errorf("%s %s: %v, want allowed=%v", kind, role, err, want)
			} else if err != nil && ErrorCode(err) != EFORBIDDEN {
				t.Errorf("%s %s: %v", kind, role, err)
			}
		}
	}
	for _, kind := range []string{"business", "npo", "participation_support", "community_building", "school", "medical", "welfare_commissioner", "other"} {
		if contains(BreakGlassOrgKinds, kind) {
			t.Errorf("%s takes no consultations but may break glass", kind)
		}
	}
	w := Actor{UserID: "u", OrganizationID: "o", Roles: []string{"worker"}}
	if err := CheckBreakGlass(w, "health_center", "急ぎ"); ErrorCode(err) != EINVALID || ErrorFields(err)["reason"] == "" {
		t.Errorf("short reason: %v", err)
	}
}

func TestEmergencyContactAndMinutesLeft(t *testing.T) {
	if !IsEmergencyContact([]string{"ヤングケアラー", "キーパーソン"}) || !IsEmergencyContact([]string{"主たる介護者"}) ||
		IsEmergencyContact([]string{"被介護者"}) || IsEmergencyContact(nil) {
		t.Error("IsEmergencyContact")
	}
	now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		d    time.Duration
		want int
	}{{4 * time.Hour, 240}, {90*time.Minute + time.Second, 91}, {30 * time.Second, 1}, {0, 0}, {-time.Hour, 0}} {
		if got := MinutesLeft(now.Add(c.d), now); got != c.want {
			t.Errorf("MinutesLeft(%v) = %d, want %d", c.d, got, c.want)
		}
	}
}
