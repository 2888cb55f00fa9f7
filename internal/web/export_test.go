package web

// RoutePatterns lists every routed pattern (test only).
func RoutePatterns() []string {
	out := make([]string, 0, len(routes))
	for _, r := range routes {
		out = append(out, r.pattern)
	}
	return out
}
