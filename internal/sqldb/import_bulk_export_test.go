package sqldb

// SetImportBulkMinRows lets the tests of package sqldb_test switch imports
// to bulk mode after n rows (and call started
// when one does); the returned func restores the default.
func SetImportBulkMinRows(n int, started func()) func() {
	old, oldStarted := importBulkMinRows, importBulkStarted
	importBulkMinRows, importBulkStarted = n, started
	return func() { importBulkMinRows, importBulkStarted = old, oldStarted }
}
