package auth

import (
	"errors"
	"fmt"
	"strings"

	"github.com/boombuler/barcode/qr"
)

// QRAriaLabel is the accessible name of the enrolment QR code.
const QRAriaLabel = "二要素認証の登録用QRコード"

const (
	qrQuietZone  = 4 // modules of white border, as ISO/IEC 18004 requires
	qrPixelScale = 4 // default rendered size per module, CSS may override
	maxQRInput   = 1024
)

// QRCodeSVG renders uri (normally the otpauth:// URI from NewTOTPSecret) as
// a self-contained inline SVG: one black <path> on a white background with
// a 4-module quiet zone, role="img" and an aria-label. The SVG contains no
// text from uri and no external references, so it is safe to embed in a
// page under a strict Content-Security-Policy (inline SVG needs no
// img-src). Error correction level M.
func QRCodeSVG(uri string) (string, error) {
	if uri == "" || len(uri) > maxQRInput {
		return "", errors.New("auth: QR code content is empty or too long")
	}
	code, err := qr.Encode(uri, qr.M, qr.Auto)
	if err != nil {
		return "", fmt.Errorf("auth: encoding QR code: %w", err)
	}
	b := code.Bounds()
	dim := b.Dx()
	if dim <= 0 || b.Dy() != dim {
		return "", errors.New("auth: unexpected QR code geometry")
	}
	dark := func(x, y int) bool {
		r, g, bl, _ := code.At(b.Min.X+x, b.Min.Y+y).RGBA()
		return r == 0 && g == 0 && bl == 0
	}

	var path strings.Builder
	for y := 0; y < dim; y++ {
		for x := 0; x < dim; {
			if !dark(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < dim && dark(x+run, y) {
				run++
			}
			// One rectangle per horizontal run of dark modules.
			fmt.Fprintf(&path, "M%d %dh%dv1h-%dz", x+qrQuietZone, y+qrQuietZone, run, run)
			x += run
		}
	}

	size := dim + 2*qrQuietZone
	px := size * qrPixelScale
	var svg strings.Builder
	fmt.Fprintf(&svg, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" shape-rendering="crispEdges">`,
		size, size, px, px, QRAriaLabel)
	fmt.Fprintf(&svg, `<rect width="%d" height="%d" fill="#fff"/>`, size, size)
	fmt.Fprintf(&svg, `<path fill="#000" d="%s"/>`, path.String())
	svg.WriteString(`</svg>`)
	return svg.String(), nil
}
