//go:build !windows

package sqldb

// syncDir makes a rename in dir durable.
func syncDir(dir string) error { return syncFile(dir) }
