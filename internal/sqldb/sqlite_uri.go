package sqldb

import (
	"runtime"
	"strings"
)

// sqliteURI turns a file path into the SQLite URI the driver opens, with
// query (pragmas, mode) appended. Characters that mean something in a URI
// (%, ? and #) are escaped, so a folder named "a#b" or "50%" works. On
// Windows the path takes forward slashes and a drive letter gets the
// leading slash SQLite expects ("C:\kasane\kasane.db" →
// "file:/C:/kasane/kasane.db").
func sqliteURI(path, query string) string {
	return sqliteURIFor(path, query, runtime.GOOS == "windows")
}

func sqliteURIFor(path, query string, windows bool) string {
	p := path
	if windows {
		p = strings.ReplaceAll(p, `\`, "/")
		if len(p) >= 2 && p[1] == ':' && isLetter(p[0]) {
			p = "/" + p
		}
	}
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	if query != "" {
		return "file:" + p + "?" + query
	}
	return "file:" + p
}

func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
