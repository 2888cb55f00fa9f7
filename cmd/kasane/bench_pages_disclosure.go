package main

// The downloads of issue 23 (開示資料 and 個人情報ファイル簿) are no pages for
// `kasane bench pages` (kept beside pageExclusions without re-aligning it).
func init() {
	pageExclusions["GET /persons/{id}/disclosure/export"] = "開示資料の Excel・JSON のダウンロード"
	pageExclusions["GET /file-register/export"] = "個人情報ファイル簿の Excel のダウンロード"
}
