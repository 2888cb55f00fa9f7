package main

import (
	"flag"
	"fmt"
	"os"

	"kasane/internal/web"
)

// cmdOpenAPI writes the OpenAPI document of the JSON API, the same as the
// server's GET /api/v1/openapi.json, for linters and client generators:
//
//	kasane openapi [--out FILE]
func cmdOpenAPI(e env, args []string) error {
	fs := flag.NewFlagSet("kasane openapi", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	out := fs.String("out", "", "output file (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	b, err := web.OpenAPIJSON()
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if *out == "" {
		_, err = e.stdout.Write(b)
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return fmt.Errorf("%s に書き込めません: %v", *out, err)
	}
	return nil
}
