package dedupe

import (
	"sync"

	"kasane/internal/japanese"
)

// memo keeps the keys of name parts already derived (surnames and given
// names repeat across a population, and the check at registration derives
// them for every candidate found by birth date alone). The keys are pure
// functions of the text, so a kept key is never stale; the memo is emptied
// when it holds max entries, which bounds its memory.
type memo struct {
	mu  sync.RWMutex
	m   map[string]string
	f   func(string) string
	max int
}

func (c *memo) get(s string) string {
	c.mu.RLock()
	k, ok := c.m[s]
	c.mu.RUnlock()
	if ok {
		return k
	}
	k = c.f(s)
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[s] = k
	c.mu.Unlock()
	return k
}

var (
	nameKeys = &memo{m: map[string]string{}, f: japanese.NameKey, max: 1 << 16}
	kanaKeys = &memo{m: map[string]string{}, f: japanese.KanaKey, max: 1 << 16}
)
