package auth

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/boombuler/barcode/qr"
)

func TestQRCodeSVG(t *testing.T) {
	_, totpURI, err := NewTOTPSecret("かさね", "taro@example.jp")
	if err != nil {
		t.Fatal(err)
	}
	inputs := map[string]string{
		"totp uri":         totpURI,
		"markup in input":  `otpauth://totp/a<b>"c"&d?secret=ABC&issuer=<script>`,
		"short":            "x",
		"japanese account": "otpauth://totp/%E3%81%8B:%E5%B1%B1%E7%94%B0?secret=GEZDGNBV",
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			svg, err := QRCodeSVG(in)
			if err != nil {
				t.Fatal(err)
			}
			root := parseSVG(t, svg)
			attr := func(name string) string {
				for _, a := range root.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			if root.Name.Local != "svg" || root.Name.Space != "http://www.w3.org/2000/svg" {
				t.Fatalf("root is %v", root.Name)
			}
			if attr("role") != "img" || attr("aria-label") != "二要素認証の登録用QRコード" {
				t.Fatalf("accessibility attributes missing: %q %q", attr("role"), attr("aria-label"))
			}
			var size int
			if _, err := fmt.Sscanf(attr("viewBox"), "0 0 %d %d", &size, &size); err != nil {
				t.Fatalf("viewBox %q: %v", attr("viewBox"), err)
			}
			// Version v has 17+4v modules; plus the 4-module quiet zone each side.
			if dim := size - 8; dim < 21 || (dim-17)%4 != 0 {
				t.Fatalf("implausible QR size %d", dim)
			}
			// The top-left finder pattern starts right after the quiet zone.
			if !strings.Contains(svg, `d="M4 4h7v1h-7z`) {
				t.Fatalf("finder pattern not at (4,4): %.200s", svg)
			}
			for _, bad := range []string{"href", "<script", "<b>", "secret", "http://www.w3.org/1999/xlink"} {
				if strings.Contains(svg, bad) {
					t.Fatalf("svg contains %q", bad)
				}
			}
		})
	}
}

// parseSVG checks that svg is well-formed XML with a single root element
// and returns that element.
func parseSVG(t *testing.T, svg string) xml.StartElement {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	dec.Strict = true
	var root xml.StartElement
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				root = el.Copy()
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || depth != 0 {
		t.Fatalf("roots=%d depth=%d", roots, depth)
	}
	return root
}

func TestQRCodeSVGRefusesBadInput(t *testing.T) {
	for _, in := range []string{"", strings.Repeat("a", 5000)} {
		if _, err := QRCodeSVG(in); err == nil {
			t.Errorf("QRCodeSVG(len %d) succeeded", len(in))
		}
	}
}

// TestQRCodeSVGMatchesMatrix redraws the SVG path as a module grid and
// compares it with the library's QR matrix, quiet zone included.
func TestQRCodeSVGMatchesMatrix(t *testing.T) {
	const uri = "otpauth://totp/Kasane:taro@example.jp?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Kasane"
	svg, err := QRCodeSVG(uri)
	if err != nil {
		t.Fatal(err)
	}
	code, err := qr.Encode(uri, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	dim := code.Bounds().Dx()
	size := dim + 8
	grid := svgPathGrid(t, svg, size)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			want := false
			if x >= 4 && y >= 4 && x < 4+dim && y < 4+dim {
				r, _, _, _ := code.At(x-4, y-4).RGBA()
				want = r == 0
			}
			if grid[y][x] != want {
				t.Fatalf("module (%d,%d) = %v; want %v", x, y, grid[y][x], want)
			}
		}
	}
}

func svgPathGrid(t *testing.T, svg string, size int) [][]bool {
	t.Helper()
	_, after, ok := strings.Cut(svg, ` d="`)
	if !ok {
		t.Fatal("no path")
	}
	d, _, _ := strings.Cut(after, `"`)
	grid := make([][]bool, size)
	for i := range grid {
		grid[i] = make([]bool, size)
	}
	for _, seg := range strings.Split(strings.TrimSuffix(d, "z"), "z") {
		var x, y, n, m int
		if _, err := fmt.Sscanf(seg, "M%d %dh%dv1h-%d", &x, &y, &n, &m); err != nil || n != m || n < 1 {
			t.Fatalf("segment %q: %v", seg, err)
		}
		for i := 0; i < n; i++ {
			if grid[y][x+i] {
				t.Fatalf("module (%d,%d) drawn twice", x+i, y)
			}
			grid[y][x+i] = true
		}
	}
	return grid
}
