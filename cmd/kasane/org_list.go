package main

import (
	"context"
	"flag"
	"fmt"
	"sort"

	"kasane/internal/casework"
	"kasane/internal/config"
)

// cmdOrgList prints the organizations of the municipality, one a line with
// a header: ID, 種別コード, 種別, 名称, 機関コード — what an administrator
// needs to fill the organization columns of an import file.
func cmdOrgList(ctx context.Context, e env, args []string) error {
	var muni string
	cfg, _, err := config.Load("org list", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&muni, "municipality", "", "municipality code (when the database has several)")
	})
	if err != nil {
		return err
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
	orgs, err := db.Organizations(ctx, sys)
	if err != nil {
		return err
	}
	kindOrder := map[string]int{}
	for i, k := range casework.OrgKinds {
		kindOrder[k.Value] = i
	}
	sort.SliceStable(orgs, func(i, j int) bool {
		if ki, kj := kindOrder[orgs[i].Kind], kindOrder[orgs[j].Kind]; ki != kj {
			return ki < kj
		}
		return orgs[i].Name < orgs[j].Name
	})
	fmt.Fprintln(e.stdout, "ID\t種別コード\t種別\t名称\t機関コード")
	for _, o := range orgs {
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%s\n", o.ID, o.Kind, casework.OrgKinds.Label(o.Kind), o.Name, o.Code)
	}
	return nil
}
