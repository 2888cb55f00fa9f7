package main

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"kasane/internal/casework"
)

// FuzzImportCSV feeds arbitrary bytes to the import's CSV reader (encoding
// detection, header check, row parsing) and to the per-row validation the
// import runs. It must never panic; a bad row is reported with a message,
// never silently accepted.
func FuzzImportCSV(f *testing.F) {
	head := "family_name,given_name,family_name_kana,given_name_kana,birth_date,sex,postal_code,prefecture,city,street,phone\n"
	f.Add([]byte(head + "山田,太郎,ヤマダ,タロウ,1950-04-01,男,100-0001,東京都,千代田区,千代田1-1,03-1234-5678\n"))
	f.Add([]byte("\xef\xbb\xbf" + head + "髙橋,花子,ﾀｶﾊｼ,はなこ,昭和25年4月1日,女,,,,,\n"))
	f.Add([]byte(head + "\"未閉じ,a,b\n"))
	f.Add([]byte(head + ",,,,,,,,,,\n"))
	f.Add([]byte(head + "佐藤,一郎,サトウ,イチロウ,2099-13-40,x,1,2,3,4,5,6\n"))
	f.Add([]byte("\x8e\x52\x93\x63,\x91\xbe\x98\x59\n")) // CP932 without a header
	f.Add([]byte{})
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		next, err := personRows(bytes.NewReader(data))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error for a bad file")
			}
			return
		}
		for i := 0; i < 1000; i++ {
			row, err := next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				return // a read error ends the import with a message
			}
			for _, p := range row.Problems {
				if p.Message == "" {
					t.Fatalf("row %d: a problem without a message", row.Row)
				}
			}
			p := row.Person
			if err := p.Normalize(now); err != nil {
				if casework.ErrorMessage(err) == "" && len(casework.ErrorFields(err)) == 0 {
					t.Fatalf("row %d: validation error without a message: %v", row.Row, err)
				}
			}
		}
	})
}
