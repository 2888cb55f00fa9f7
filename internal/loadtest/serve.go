package loadtest

import (
	"math/rand/v2"
	"net"
	"net/http"
	"time"
)

func serveLoopback(h http.Handler) (*http.Server, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return srv, "http://" + ln.Addr().String(), nil
}

// Get returns a GET request builder for a fixed URL.
func Get(url string) func(int, *rand.Rand) (*http.Request, error) {
	return func(int, *rand.Rand) (*http.Request, error) { return http.NewRequest("GET", url, nil) }
}
