//go:build windows

package sqldb

// syncDir does nothing on Windows: a directory cannot be opened for
// FlushFileBuffers, and NTFS journals the rename itself.
func syncDir(string) error { return nil }
