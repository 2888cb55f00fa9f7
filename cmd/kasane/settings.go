package main

import (
	"context"
	"flag"
	"fmt"

	"kasane/internal/config"
)

// cmdMunicipalitySet changes municipal settings from the command line. For
// now: the contact point a person search names for hits outside the team
// (issue 18; default the multi_agency organization, else the first
// municipal_section). An empty --inquiry-org goes back to the default.
func cmdMunicipalitySet(ctx context.Context, e env, args []string) error {
	var muni, org, text string
	var orgSet, textSet bool
	cfg, _, err := config.Load("municipality set", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&muni, "municipality", "", "municipality code (when the database has several)")
		fs.Func("inquiry-org", "organization id of the contact point for search hits outside the team (empty: the default)", func(s string) error {
			org, orgSet = s, true
			return nil
		})
		fs.Func("inquiry-text", "text shown with the contact point, e.g. 電話番号・窓口", func(s string) error {
			text, textSet = s, true
			return nil
		})
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
	s, err := db.Settings(ctx, sys.MunicipalityID)
	if err != nil {
		return err
	}
	if orgSet {
		s.InquiryContactOrgID = org
	}
	if textSet {
		s.InquiryContactText = text
	}
	if err := db.SaveSettings(ctx, sys, s); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "設定を保存しました。")
	return nil
}
