package casework

// CheckBreakGlass: only staff who work with cases may open a record in an
// emergency, and only with a reason.
func CheckBreakGlass(a Actor, reason string) error {
	if !CanBreakGlass(a) {
		return Errorf(EFORBIDDEN, "緊急時の閲覧は相談支援の職員だけが行えます。")
	}
	if len([]rune(reason)) < 10 {
		msg := "生命・身体の保護のために閲覧が必要な理由を具体的に（10文字以上）入力してください。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"reason": msg}}
	}
	return nil
}

// BreakGlassHours is how long an emergency grant lasts.
const BreakGlassHours = 4

// CanBreakGlass: staff who take consultations (a write role); never a host,
// a viewer, the municipal administrator or the privacy officer alone.
func CanBreakGlass(a Actor) bool { return CanWriteCases(a) }
