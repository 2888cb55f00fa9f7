package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"kasane/internal/config"
)

// cmdMunicipalitySet changes municipal settings from the command line. For
// now: the contact point a person search names for hits outside the team
// (issue 18; default the multi_agency organization, else the first
// municipal_section). An empty --inquiry-org goes back to the default.
// --shien-kaigi-secretariat designates the 支援会議 事務局 (issue 19); empty
// goes back to the municipality's municipal_section organizations.
// --population sets the municipal population of a fiscal year
// (--population-year, default this one; --population-as-of its 基準日), the
// base of the annual report's figures per 10万人 (issue 22).
func cmdMunicipalitySet(ctx context.Context, e env, args []string) error {
	var muni, org, text, sec string
	var orgSet, textSet, secSet bool
	var pop populationFlags
	cfg, _, err := config.Load("municipality set", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&muni, "municipality", "", "municipality code (when the database has several)")
		fs.Func("inquiry-org", "organization id of the contact point for search hits outside the team (empty: the default)", func(s string) error {
			org, orgSet = s, true
			return nil
		})
		fs.Func("shien-kaigi-secretariat", "organization ids (comma separated) of the 支援会議 事務局 (社会福祉法第106条の6); empty: the municipal_section organizations", func(s string) error {
			sec, secSet = s, true
			return nil
		})
		fs.Func("inquiry-text", "text shown with the contact point, e.g. 電話番号・窓口", func(s string) error {
			text, textSet = s, true
			return nil
		})
		pop.register(fs)
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
	if secSet {
		s.ShienKaigiSecretariat = nil
		for _, id := range strings.Split(sec, ",") {
			if id = strings.TrimSpace(id); id != "" {
				s.ShienKaigiSecretariat = append(s.ShienKaigiSecretariat, id)
			}
		}
	}
	if pop.set {
		if err := pop.save(ctx, e, db, sys); err != nil {
			return err
		}
		if !orgSet && !textSet && !secSet {
			return nil
		}
	}
	if err := db.SaveSettings(ctx, sys, s); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "設定を保存しました。")
	return nil
}
