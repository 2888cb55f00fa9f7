package web_test

import "bytes"

// testSecretKey encrypts TOTP secrets in the test databases.
var testSecretKey = bytes.Repeat([]byte{7}, 32)
