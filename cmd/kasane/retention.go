package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/japanese"
	"kasane/internal/retention"
	"kasane/internal/sqldb"
)

// `kasane retention …` (issue 23, API.md "Additions"): 保存年限・廃棄 from the
// command line. list, decisions, records and holds read as the system (or
// --user); propose, approve, reject, dispose, hold and lift need --user,
// the staff member who decides (a disposal names two different people).

const retentionUsage = `使い方:
  kasane retention list      --db … [--type case|consent|meeting|outreach_target|audit_log] [--fiscal-year 2015] [--limit 20] [--format text|csv]
  kasane retention propose   --db … --user EMAIL --type TYPE [--fiscal-year 2015] [--reason TEXT]   # 起案（市の管理者・個人情報保護担当）
  kasane retention approve   --db … --user EMAIL --id DECISION_ID                                  # 承認（起案者とは別の個人情報保護担当）
  kasane retention reject    --db … --user EMAIL --id DECISION_ID --reason TEXT                     # 却下・取下げ
  kasane retention dispose   --db … --user EMAIL --id DECISION_ID                                  # 承認済みの廃棄を実行
  kasane retention decisions --db … [--status proposed|approved|disposed|rejected]
  kasane retention records   --db … [--format text|csv|json] [--out FILE]                          # 廃棄記録（json は reapply に使う）
  kasane retention reapply   --db … FILE.json                                                      # 復元したバックアップに廃棄を再適用
  kasane retention policy    --db … [--user EMAIL --type TYPE --years N|永年]                       # 保存年限の表示・変更（市の管理者）
  kasane retention holds     --db … [--all]
  kasane retention hold      --db … --user EMAIL (--person ID | --case ID_OR_NUMBER) --kind litigation|disclosure|audit|other --reason TEXT
  kasane retention lift      --db … --user EMAIL --id HOLD_ID --reason TEXT
`

func cmdRetention(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || isHelp(args[0]) {
		fmt.Fprint(e.stdout, retentionUsage)
		if len(args) == 0 {
			return errors.New("kasane retention: サブコマンドを指定してください")
		}
		return nil
	}
	sub, rest := args[0], args[1:]
	if _, ok := retentionSubs[sub]; !ok {
		return fmt.Errorf("不明なコマンドです: kasane retention %s\n%s", sub, retentionUsage)
	}
	var o retentionOpts
	cfg, fs, err := config.Load("retention "+sub, rest, e.getenv, e.stderr, o.flags(sub))
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := o.actor(ctx, e, db, sub)
	if err != nil {
		return err
	}
	return retentionSubs[sub](ctx, e, db, a, o, fs.Args())
}

type retentionOpts struct {
	user, muni, typ, reason, id, format, out, status, years, person, caseID, kind string
	fy, limit                                                                     int
	all                                                                           bool
}

// needsUser are the subcommands a named staff member runs.
var needsUser = map[string]bool{"propose": true, "approve": true, "reject": true, "dispose": true, "hold": true, "lift": true}

func (o *retentionOpts) flags(sub string) func(*flag.FlagSet) {
	return func(fs *flag.FlagSet) {
		fs.StringVar(&o.user, "user", "", "e-mail of the staff member who acts")
		fs.StringVar(&o.muni, "municipality", "", "municipality code (when the database has several; without --user)")
		fs.StringVar(&o.typ, "type", "", "record type: case, consent, meeting, outreach_target, audit_log")
		fs.StringVar(&o.reason, "reason", "", "reason")
		fs.StringVar(&o.id, "id", "", "decision or hold id")
		fs.StringVar(&o.format, "format", "text", "text, csv or json")
		fs.StringVar(&o.out, "out", "", "output file (default: standard output)")
		fs.StringVar(&o.status, "status", "", "only decisions of this status")
		fs.StringVar(&o.years, "years", "", "retention in years (1–100) or 永年")
		fs.StringVar(&o.person, "person", "", "person id (hold)")
		fs.StringVar(&o.caseID, "case", "", "case id or number (hold)")
		fs.StringVar(&o.kind, "kind", "", "kind of hold: litigation, disclosure, audit, other")
		fs.IntVar(&o.fy, "fiscal-year", 0, "only the records completed in this fiscal year")
		fs.IntVar(&o.limit, "limit", 20, "records listed per type (list; 0 = all)")
		fs.BoolVar(&o.all, "all", false, "also the lifted holds")
	}
}

// actor is the staff member of --user, or the municipality's system actor
// for the reading subcommands.
func (o retentionOpts) actor(ctx context.Context, e env, db *sqldb.DB, sub string) (casework.Actor, error) {
	if o.user == "" {
		if needsUser[sub] || (sub == "policy" && o.years != "") {
			return casework.Actor{}, fmt.Errorf("kasane retention %s: --user（判断する職員のメールアドレス）を指定してください", sub)
		}
		return municipalityActor(ctx, e, db, o.muni)
	}
	u, err := db.UserByEmail(ctx, o.user)
	if err != nil || u.Disabled {
		return casework.Actor{}, fmt.Errorf("職員 %s が見つからないか、無効になっています", o.user)
	}
	a := sqldb.ActorFor(u)
	a.Address = "cli"
	return a, nil
}

type retentionSub func(context.Context, env, *sqldb.DB, casework.Actor, retentionOpts, []string) error

var retentionSubs = map[string]retentionSub{
	"list": retentionList, "propose": retentionPropose, "approve": retentionStep("approve"), "reject": retentionStep("reject"), "dispose": retentionStep("dispose"),
	"decisions": retentionDecisions, "records": retentionRecords, "reapply": retentionReapply, "policy": retentionPolicy,
	"holds": retentionHolds, "hold": retentionHold, "lift": retentionLift,
}

func nendo(fy int) string {
	if fy == 0 {
		return ""
	}
	return japanese.FiscalYearLabel(fy)
}

func retentionList(ctx context.Context, e env, db *sqldb.DB, a casework.Actor, o retentionOpts, _ []string) error {
	types := retention.RecordTypes.Values()
	if o.typ != "" {
		types = []string{o.typ}
	}
	if o.format == "csv" {
		var buf bytes.Buffer
		cw := japanese.NewCSVWriter(&buf, japanese.UTF8)
		_ = cw.Write([]string{"種類", "ID", "記録", "完結の種類", "完結日", "年度", "廃棄できる日", "件数", "保留", "起案中の決定"})
		for _, t := range types {
			l, err := db.RetentionDue(ctx, a, t, o.fy, 0)
			if err != nil {
				return err
			}
			for _, r := range l.Items {
				_ = cw.Write([]string{retention.RecordTypes.Label(t), r.ID, r.Label, r.EndKind, r.EndOn, nendo(r.FiscalYear), r.DueOn,
					strconv.Itoa(r.Records), heldLabel(r.Held), r.DecisionID})
			}
		}
		if err := cw.Flush(); err != nil {
			return err
		}
		return writeOut(e.stdout, o.out, buf.Bytes())
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, t := range types {
		l, err := db.RetentionDue(ctx, a, t, o.fy, o.limit)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "## %s（保存年限 %s）\n", l.Policy.Label, l.Policy.Shown())
		if l.Policy.Permanent {
			fmt.Fprintln(w, "永年保存のため、廃棄の対象はありません。")
			continue
		}
		fys, cut := "", l.Cutoff+" より前に完結したもの"
		if l.Total > 0 {
			fys = "（" + retention.FYRange(l.FYFrom, l.FYTo, japanese.FiscalYearLabel) + "）"
		}
		if t == retention.TypeAudit {
			cut = parseCutoff(l.Cutoff) + " より前の記録"
		}
		fmt.Fprintf(w, "保存期間を過ぎた記録 %d件%s\t保留 %d件\t起案中 %d件\t起案できる %d件\t含まれる記録 %d件\t%s\n",
			l.Total, fys, l.Held, l.InDecision, l.Proposable, l.Records, cut)
		for _, r := range l.Items {
			fmt.Fprintf(w, "  %s\t%s\t%s %s\t%s\t%d件\t%s\t%s\n", r.ID, r.Label, r.EndKind, r.EndOn, nendo(r.FiscalYear), r.Records, heldLabel(r.Held), r.DecisionID)
		}
		if len(l.Items) < l.Total {
			fmt.Fprintf(w, "  ほか %d件（--limit 0 ですべて）\n", l.Total-len(l.Items))
		}
	}
	return w.Flush()
}

// parseCutoff shows a stored instant in JST.
func parseCutoff(s string) string {
	t, err := time.Parse(casework.TimeFormat, s)
	if err != nil {
		return s
	}
	return t.In(casework.JST).Format("2006-01-02 15:04")
}

func heldLabel(kinds []string) string {
	if len(kinds) == 0 {
		return ""
	}
	seen := map[string]bool{}
	var out []string
	for _, k := range kinds {
		if l := retention.HoldKinds.Label(k); !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return "保留中（" + strings.Join(out, "・") + "）"
}

func retentionPropose(ctx context.Context, e env, db *sqldb.DB, a casework.Actor, o retentionOpts, _ []string) error {
	if o.typ == "" {
		return errors.New("--type（記録の種類）を指定してください")
	}
	d, err := db.ProposeDisposal(ctx, a, o.typ, o.fy, o.reason)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, d.ID)
	fmt.Fprintf(e.stderr, "kasane: 廃棄を起案しました: %s %d件（%s）。別の個人情報保護担当の職員が承認してください: kasane retention approve --id %s --user …\n",
		d.RecordLabel, d.ItemCount, retention.FYRange(d.FYFrom, d.FYTo, japanese.FiscalYearLabel), d.ID)
	return nil
}

// retentionStep is approve, reject and dispose of a decision.
func retentionStep(sub string) retentionSub {
	return func(ctx context.Context, e env, db *sqldb.DB, a casework.Actor, o retentionOpts, pos []string) error {
		if o.id == "" && len(pos) > 0 {
			o.id = pos[0]
		}
		if o.id == "" {
			return errors.New("--id（廃棄の決定のID）を指定してください")
		}
		var d retention.Decision
		var err error
		switch sub {
		case "approve":
			d, err = db.ApproveDisposal(ctx, a, o.id, 0)
		case "reject":
			d, err = db.RejectDisposal(ctx, a, o.id, o.reason, 0)
		default:
			d, err = db.Dispose(ctx, a, o.id, 0)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %s %d件 — %s\n", d.ID, d.RecordLabel, d.ItemCount, d.StatusLabel)
		if sub == "dispose" {
			fmt.Fprintf(e.stdout, "%s %d件、本人の匿名化 %d人（%s）。廃棄記録を保存してください: kasane retention records --format json --out FILE\n",
				d.MethodLabel, d.DisposedCount, d.Persons, retention.FYRange(d.FYFrom, d.FYTo, japanese.FiscalYearLabel))
		}
		return nil
	}
}

func retentionDecisions(ctx context.Context, e env, db *sqldb.DB, a casework.Actor, o retentionOpts, _ []string) error {
	ds, err := db.RetentionDecisions(ctx, a, o.status)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\t種類\t状態\t件数\t年度\t起案\t承認\t実行")
	for _, d := range ds {
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\t%s %s\t%s %s\t%s %s\n", d.ID, d.RecordLabel, d.StatusLabel, d.ItemCount,
			retention.FYRange(d.FYFrom, d.FYTo, japanese.FiscalYearLabel), d.ProposedByName, cliTime(d.ProposedAt.String(), !d.ProposedAt.IsZero()),
			d.ApprovedByName, cliTime(d.ApprovedAt.String(), !d.ApprovedAt.IsZero()), d.DisposedByName, cliTime(d.DisposedAt.String(), !d.DisposedAt.IsZero()))
	}
	return w.Flush()
}

func cliTime(s string, ok bool) string {
	if !ok {
		return ""
	}
	return s[:16]
}

// retentionRecords writes the 廃棄記録: text, CSV (one line per disposal) or
// JSON with every record covered (the input of reapply).
func retentionRecords(ctx context.Context, e env, db *sqldb.DB, a casework.Actor, o retentionOpts, _ []string) error {
	recs, err := db.RetentionRecords(ctx, a)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch o.format {
	case "json":
		b, err := json.MarshalIndent(recs, "", "  ")
		if err != nil {
			return err
		}
		buf.Write(append(b, '\n'))
	case "csv", "text":
		if o.format == "text" && o.out == "" {
			w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			for _, r := range recs {
				fmt.Fprintf(w, "%s\t%s\t%d件\t%s\t%s\t起案 %s\t承認 %s\t実行 %s %s\t本人の匿名化 %d人\n", r.ID, r.RecordLabel, r.DisposedCount,
					retention.FYRange(r.FYFrom, r.FYTo, japanese.FiscalYearLabel), r.MethodLabel, r.ProposedByName, r.ApprovedByName, r.DisposedByName,
					r.DisposedAt.In(casework.JST).Format("2006-01-02 15:04"), r.Persons)
			}
			return w.Flush()
		}
		cw := japanese.NewCSVWriter(&buf, japanese.UTF8)
		_ = cw.Write([]string{"決定ID", "記録の種類", "件数", "年度（から）", "年度（まで）", "方法", "本人の匿名化（人）", "起案者", "起案日時", "承認者", "承認日時",
			"実行者", "実行日時", "起案の理由"})
		for _, r := range recs {
			_ = cw.Write([]string{r.ID, r.RecordLabel, strconv.Itoa(r.DisposedCount), nendo(r.FYFrom), nendo(r.FYTo), r.MethodLabel, strconv.Itoa(r.Persons),
				r.ProposedByName, r.ProposedAt.In(casework.JST).Format("2006-01-02 15:04"), r.ApprovedByName, r.ApprovedAt.In(casework.JST).Format("2006-01-02 15:04"),
				r.DisposedByName, r.DisposedAt.In(casework.JST).Format("2006-01-02 15:04"), r.Reason})
		}
		if err := cw.Flush(); err != nil {
			return err
		}
	default:
		return errors.New("--format は text、csv、json のいずれかです")
	}
	return writeOut(e.stdout, o.out, buf.Bytes())
}

func retentionReapply(ctx context.Context, e env, db *sqldb.DB, a casework.Actor, o retentionOpts, pos []string) error {
	if len(pos) != 1 {
		return errors.New("使い方: kasane retention reapply --db … FILE.json（kasane retention records --format json で保存した廃棄記録）")
	}
	b, err := os.ReadFile(pos[0])
	if err != nil {
		return fmt.Errorf("ファイル %s を読めません: %v", pos[0], err)
	}
	var recs []sqldb.DisposalRecord
	if err := json.Unmarshal(b, &recs); err != nil {
		return fmt.Errorf("ファイル %s は廃棄記録（JSON）ではありません: %v", pos[0], err)
	}
	n, err := db.ReapplyDisposals(ctx, a, recs)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "廃棄記録 %d件のうち %d件を再適用しました（残りはこのデータベースで実行済み）。\n", len(recs), n)
	return nil
}

func retentionPolicy(ctx context.Context, e env, db *sqldb.DB, a casework.Actor, o retentionOpts, _ []string) error {
	if o.years != "" {
		years, err := retention.ParsePolicy(o.typ, o.years)
		if err != nil {
			return err
		}
		ps, err := db.RetentionPolicies(ctx, a)
		if err != nil {
			return err
		}
		version := 0
		for _, p := range ps {
			if p.RecordType == o.typ && !p.Default || p.RecordType == o.typ && o.typ == retention.TypeAudit {
				version = p.Version
			}
		}
		if _, err := db.SetRetentionPolicy(ctx, a, o.typ, years, version); err != nil {
			return err
		}
	}
	ps, err := db.RetentionPolicies(ctx, a)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, p := range ps {
		def := ""
		if p.Default {
			def = "（既定）"
		}
		fmt.Fprintf(w, "%s\t%s\t%s%s\n", p.RecordType, p.Label, p.Shown(), def)
	}
	return w.Flush()
}

func retentionHolds(ctx context.Context, e env, db *sqldb.DB, a casework.Actor, o retentionOpts, _ []string) error {
	hs, err := db.LegalHolds(ctx, a, o.all)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, h := range hs {
		state := "保留中"
		if !h.Active {
			state = "解除 " + h.LiftedAt.In(casework.JST).Format("2006-01-02") + " " + h.LiftedByName
		}
		fmt.Fprintf(w, "%s\t%s %s %s\t%s\t%s\t%s %s\t%s\n", h.ID, retention.Subjects.Label(h.SubjectType), h.SubjectID, h.SubjectLabel, h.KindLabel, h.Reason,
			h.SetByName, h.SetAt.In(casework.JST).Format("2006-01-02"), state)
	}
	return w.Flush()
}

func retentionHold(ctx context.Context, e env, db *sqldb.DB, a casework.Actor, o retentionOpts, _ []string) error {
	h := retention.Hold{SubjectType: retention.SubjectPerson, SubjectID: o.person, Kind: o.kind, Reason: o.reason}
	if o.caseID != "" {
		h.SubjectType, h.SubjectID = retention.SubjectCase, o.caseID
	}
	if err := db.SetLegalHold(ctx, a, &h); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, h.ID)
	return nil
}

func retentionLift(ctx context.Context, e env, db *sqldb.DB, a casework.Actor, o retentionOpts, _ []string) error {
	if o.id == "" {
		return errors.New("--id（保留のID）を指定してください")
	}
	hs, err := db.LegalHolds(ctx, a, false)
	if err != nil {
		return err
	}
	version := 0
	for _, h := range hs {
		if h.ID == o.id {
			version = h.Version
		}
	}
	if _, err := db.LiftLegalHold(ctx, a, o.id, o.reason, version); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "保留を解除しました。")
	return nil
}
