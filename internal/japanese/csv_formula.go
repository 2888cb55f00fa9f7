package japanese

import "regexp"

// NeutralizeFormula returns the cell as written to a CSV file: a cell that
// a spreadsheet would take for a formula (one beginning with =, +, -, @,
// TAB, CR or LF) gets a leading ' as OWASP recommends ("CSV Injection"),
// so that Excel shows the text instead of evaluating it. A plain decimal
// number ("-12", "+3", "-4.5") is left alone: it is no formula, and a
// numeric column stays numeric. This is the one place kasane applies the
// rule; CSVWriter.Write calls it for every cell of every record.
func NeutralizeFormula(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		if plainNumber.MatchString(cell) {
			return cell
		}
		return "'" + cell
	}
	return cell
}

var plainNumber = regexp.MustCompile(`^[-+]?[0-9]+(\.[0-9]+)?$`)
