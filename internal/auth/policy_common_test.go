package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestCommonPasswordListSizeAndLicence(t *testing.T) {
	if n := CommonPasswordCount(); n < 10000 {
		t.Fatalf("only %d common passwords; ASVS asks for at least the top 3,000", n)
	}
	if !strings.Contains(CommonPasswordsLicense, "Permission is hereby granted") || !strings.Contains(CommonPasswordsLicense, "Dropbox") {
		t.Fatal("zxcvbn licence notice missing")
	}
}

func TestCommonPasswordsRefusedCaseInsensitively(t *testing.T) {
	for _, pw := range []string{
		"password", "PASSWORD", "Baseball", "trustno1", "superman", // top of the list
		"Bordeaux", "optimist", "BEATLES1", // around rank 5,000
		"LizaVeta", "sobriety", "123456789qwerty", // near rank 10,000
		"ｓｕｐｅｒｍａｎ",      // full-width, NFKC folds it
		"sunshine2026!", // listed word padded with digits and symbols
	} {
		if err := CheckPasswordPolicy(pw); !errors.Is(err, ErrPasswordCommon) {
			t.Errorf("%q: want ErrPasswordCommon, got %v", pw, err)
		}
	}
	for _, pw := range []string{"かさねの合言葉2026", "tazdevil-kasane", "river-lantern-quietly"} {
		if err := CheckPasswordPolicy(pw); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
}
