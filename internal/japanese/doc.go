// Package japanese holds the Japan-specific text and calendar helpers used
// across kasane:
//
//   - Dates in 西暦 and 和暦 (明治〜令和): ParseDate accepts the forms
//     staff actually type (2025/4/1, R7.4.1, 令和元年5月1日, full-width
//     digits, year-only or year-month dates, 「不明」) and validates both
//     the calendar and the era boundaries. Dates keep their precision so
//     that a birth date known only to the year is stored and shown as such.
//     Display helpers format dates as 和暦 with the 西暦 year beside it.
//   - 年度 (FiscalYear), public holidays (IsHoliday, 2000–2035, computed
//     from the 祝日法 rules including 振替休日 and 国民の休日) and
//     municipal working days (NextWorkingDay, AddWorkingDays; 12/29–1/3
//     are closed).
//   - Kana and name keys: ToKatakana, IsKatakanaName, NameKey (exact
//     search key that folds width, spacing, kana type and 異体字 such as
//     髙→高 using the embedded MJ縮退マップ data) and KanaKey (a
//     deliberately loose reading key for recall). Bigrams and Unigrams
//     produce n-grams of keys for an index.
//   - CSV for Excel users: CSVWriter writes UTF-8 with BOM, UTF-8 or
//     CP932 (Shift_JIS) with CRLF line endings and reports characters that
//     CP932 cannot hold; DecodeCSV detects the encoding of an upload and
//     converts it to UTF-8 while streaming.
//
// Error messages returned by this package are written in Japanese because
// they are shown to municipal staff as-is.
//
// The file data/variants.tsv is derived from IPA's MJ縮退マップ and is
// licensed under CC BY-SA 2.1 JP; see data/LICENSE-MJ-CC-BY-SA-2.1-JP.txt.
// The licence file must stay next to the data file.
package japanese
