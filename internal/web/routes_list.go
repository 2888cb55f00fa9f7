package web

// Patterns lists every routed pattern ("GET /cases/{id}", …) in the order
// of the routing table, for tools that must cover the routes: `kasane bench
// pages` reports the page routes its crawl did not reach.
func Patterns() []string {
	out := make([]string, 0, len(routes))
	for _, r := range routes {
		out = append(out, r.pattern)
	}
	return out
}
