package auth

import (
	"strings"
	"testing"
	"time"
)

func TestThrottleAllowed(t *testing.T) {
	now := time.Date(2025, 4, 1, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))
	ago := func(d ...time.Duration) []time.Time {
		out := make([]time.Time, len(d))
		for i, x := range d {
			out[i] = now.Add(-x)
		}
		return out
	}
	repeat := func(n int, d time.Duration) []time.Duration {
		out := make([]time.Duration, n)
		for i := range out {
			out[i] = d
		}
		return out
	}
	m := time.Minute
	acct, addr := DefaultAccountThrottle, DefaultAddressThrottle
	short := Throttle{MaxFailures: 3, Window: time.Hour, Lockout: 5 * m}
	tests := []struct {
		name     string
		th       Throttle
		failures []time.Time
		ok       bool
		retry    time.Duration
	}{
		{"no failures", acct, nil, true, 0},
		{"four failures", acct, ago(1*m, 2*m, 3*m, 4*m), true, 0},
		{"five failures", acct, ago(2*m, 3*m, 4*m, 5*m, 10*m), false, 13 * m},
		{"five, unsorted", acct, ago(10*m, 5*m, 2*m, 4*m, 3*m), false, 13 * m},
		{"just failed", acct, ago(0, 1*m, 2*m, 3*m, 4*m), false, 15 * m},
		{"oldest outside window", acct, ago(1*m, 2*m, 3*m, 4*m, 16*m), true, 0},
		{"exactly window old does not count", acct, ago(1*m, 2*m, 3*m, 4*m, 15*m), true, 0},
		{"lock over", acct, ago(15*m, 15*m, 15*m, 15*m, 15*m), true, 0},
		{"zero times ignored", acct, append(ago(1*m, 2*m, 3*m, 4*m), time.Time{}), true, 0},
		{"future failure counts", acct, ago(-1*m, 1*m, 2*m, 3*m, 4*m), false, 16 * m},
		{"address 19", addr, ago(repeat(19, 1*m)...), true, 0},
		{"address 20", addr, ago(repeat(20, 1*m)...), false, 4 * m}, // the address waits 5 minutes (an office may share it)
		{"lockout shorter than window: expired", short, ago(6*m, 20*m, 40*m), true, 0},
		{"lockout shorter than window: active", short, ago(1*m, 20*m, 40*m), false, 4 * m},
		{"disabled", Throttle{}, ago(repeat(100, 1*m)...), true, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, retry := tc.th.Allowed(tc.failures, now)
			if ok != tc.ok || retry != tc.retry {
				t.Fatalf("Allowed = %v, %v; want %v, %v", ok, retry, tc.ok, tc.retry)
			}
		})
	}
}

func TestThrottleMessage(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{15 * time.Minute, "ログインの試行回数が多すぎます。約15分後にもう一度お試しください。"},
		{14*time.Minute + time.Second, "ログインの試行回数が多すぎます。約15分後にもう一度お試しください。"},
		{30 * time.Second, "ログインの試行回数が多すぎます。約1分後にもう一度お試しください。"},
		{60 * time.Minute, "ログインの試行回数が多すぎます。約60分後にもう一度お試しください。"},
		{90 * time.Minute, "ログインの試行回数が多すぎます。約2時間後にもう一度お試しください。"},
		{0, "ログインの試行回数が多すぎます。しばらくしてからもう一度お試しください。"},
	}
	for _, tc := range tests {
		got := ThrottleMessage(tc.d)
		if got != tc.want {
			t.Errorf("ThrottleMessage(%v) = %q; want %q", tc.d, got, tc.want)
		}
		for _, leak := range []string{"アカウント", "存在", "ユーザー", "パスワード"} {
			if strings.Contains(got, leak) {
				t.Errorf("message %q mentions %q", got, leak)
			}
		}
	}
}
