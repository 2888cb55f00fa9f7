package auth

import (
	"fmt"
	"time"
)

// Throttle is a login throttling policy: once MaxFailures failures fall
// within Window, further attempts are refused until Lockout has passed
// since the most recent failure. It holds no state; the storage layer
// fetches recent failure times (per login identifier and per client
// address) and asks Allowed.
type Throttle struct {
	MaxFailures int
	Window      time.Duration
	Lockout     time.Duration
}

var (
	// DefaultAccountThrottle: 5 failures for one login identifier within
	// 15 minutes lock it for 15 minutes.
	DefaultAccountThrottle = Throttle{MaxFailures: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute}

	// DefaultAddressThrottle: wrong passwords for 20 different existing
	// accounts from one client address within 15 minutes (password
	// spraying) lock that address for 5 minutes. It counts accounts, not
	// attempts (one per address and account pair in the window), so that
	// colleagues behind one proxy who mistype do not add up; its wait is
	// shorter than an account's, as it may hold back a whole office.
	DefaultAddressThrottle = Throttle{MaxFailures: 20, Window: 15 * time.Minute, Lockout: 5 * time.Minute}

	// DefaultUnknownAddressThrottle: 20 failures for identifiers that are
	// no account, from one client address within 15 minutes, make further
	// failed attempts from that address answer as refused for 15 minutes.
	// A correct password (and second factor) still logs in: made-up e-mail
	// addresses cannot lock an office out. The caller answers a wrong
	// password and an unknown account alike, so nothing tells which
	// accounts exist.
	DefaultUnknownAddressThrottle = Throttle{MaxFailures: 20, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
)

// Allowed reports whether another attempt may be made at now given the
// times of earlier failures (in any order; zero times are ignored). When
// it is not, retryAfter is how long until it will be. Failures dated after
// now (clock skew between servers) count as recent. A Throttle with
// MaxFailures or Window not positive never refuses.
func (t Throttle) Allowed(failures []time.Time, now time.Time) (ok bool, retryAfter time.Duration) {
	if t.MaxFailures <= 0 || t.Window <= 0 {
		return true, 0
	}
	since := now.Add(-t.Window)
	count := 0
	var latest time.Time
	for _, f := range failures {
		if f.IsZero() || !f.After(since) {
			continue
		}
		count++
		if f.After(latest) {
			latest = f
		}
	}
	if count < t.MaxFailures {
		return true, 0
	}
	until := latest.Add(t.Lockout)
	if !until.After(now) {
		return true, 0
	}
	return false, until.Sub(now)
}

// ThrottleMessage is the Japanese message for a refused login attempt. It
// is the same whichever throttle refused and whether or not the account
// exists, and rounds the wait up to whole minutes (or hours beyond one
// hour), e.g. 「ログインの試行回数が多すぎます。約15分後にもう一度お試しください。」
func ThrottleMessage(retryAfter time.Duration) string {
	const prefix = "ログインの試行回数が多すぎます。"
	if retryAfter <= 0 {
		return prefix + "しばらくしてからもう一度お試しください。"
	}
	mins := int64((retryAfter + time.Minute - 1) / time.Minute)
	if mins <= 60 {
		return fmt.Sprintf("%s約%d分後にもう一度お試しください。", prefix, mins)
	}
	hours := (mins + 59) / 60
	return fmt.Sprintf("%s約%d時間後にもう一度お試しください。", prefix, hours)
}
