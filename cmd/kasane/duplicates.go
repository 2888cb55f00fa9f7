package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"kasane/internal/config"
	"kasane/internal/japanese"
	"kasane/internal/sqldb"
)

// cmdDuplicates is `kasane duplicates --db … [--format text|csv] [--encoding utf-8-bom|utf-8|cp932]`:
// candidate pairs of persons registered twice, best first. The pairs are also stored as the review list
// of the duplicates page (/duplicates), where staff decide 「同一人物」 or 「別人」.
func cmdDuplicates(ctx context.Context, e env, args []string) error {
	var format, enc, muni string
	cfg, _, err := config.Load("duplicates", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "text", "text or csv")
		fs.StringVar(&enc, "encoding", string(japanese.UTF8BOM), "csv encoding: utf-8-bom, utf-8 or cp932")
		fs.StringVar(&muni, "municipality", "", "municipality code (when the database has several)")
	})
	if err != nil {
		return err
	}
	if format != "text" && format != "csv" {
		return fmt.Errorf("--format は text か csv です")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	sys, err := municipalityActor(ctx, e, db, muni)
	if err != nil {
		return err
	}
	judge := func(p sqldb.DuplicatePair) string {
		if p.Same {
			return "same"
		}
		return "review"
	}
	n := 0
	if format == "text" {
		err = db.AllDuplicates(ctx, sys, func(p sqldb.DuplicatePair) error {
			n++
			_, err := fmt.Fprintf(e.stdout, "%s\t%s\t%d\t%s\t%s\n", p.A, p.B, p.Score, judge(p), strings.Join(p.Reasons, "、"))
			return err
		})
	} else {
		w := japanese.NewCSVWriter(e.stdout, japanese.Encoding(enc))
		if err := w.Write([]string{"person_id_a", "person_id_b", "score", "judgement", "reasons"}); err != nil {
			return err
		}
		err = db.AllDuplicates(ctx, sys, func(p sqldb.DuplicatePair) error {
			n++
			return w.Write([]string{p.A, p.B, strconv.Itoa(p.Score), judge(p), strings.Join(p.Reasons, "、")})
		})
		if err == nil {
			err = w.Flush()
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "kasane: 重複候補 %d 組\n", n)
	return nil
}
