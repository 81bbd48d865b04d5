package agreement

import "math"

// cohen is Cohen's kappa of a square table (rows: coder A, columns: coder
// B): (po − pe) / (1 − pe), NaN when the table is empty or pe is 1.
func cohen(t [][]float64) Score {
	n, po, pe := tableChance(t)
	if n == 0 || pe == 1 {
		return Score(math.NaN())
	}
	return Score((po - pe) / (1 - pe))
}

// kappaMax is the largest kappa the table's marginals allow.
func kappaMax(t [][]float64) Score {
	n, _, pe := tableChance(t)
	if n == 0 || pe == 1 {
		return Score(math.NaN())
	}
	rows, cols := marginals(t)
	var m float64
	for i := range rows {
		m += math.Min(rows[i], cols[i])
	}
	return Score((m/n - pe) / (1 - pe))
}

// gwetAC1 is Gwet's first-order agreement coefficient of a square table:
// chance agreement is Σ π(1−π) / (q−1) with π the mean of both coders'
// shares of a category, so it stays informative for rare or common codes.
func gwetAC1(t [][]float64) Score {
	n, po, _ := tableChance(t)
	q := len(t)
	if n == 0 || q < 2 {
		return Score(math.NaN())
	}
	rows, cols := marginals(t)
	var pe float64
	for i := range rows {
		pi := (rows[i] + cols[i]) / (2 * n)
		pe += pi * (1 - pi)
	}
	pe /= float64(q - 1)
	if pe == 1 {
		return Score(math.NaN())
	}
	return Score((po - pe) / (1 - pe))
}

// tableChance is a table's total, observed agreement and Cohen's chance
// agreement.
func tableChance(t [][]float64) (n, po, pe float64) {
	rows, cols := marginals(t)
	for i := range t {
		n += rows[i]
		po += t[i][i]
	}
	if n == 0 {
		return 0, math.NaN(), math.NaN()
	}
	for i := range rows {
		pe += (rows[i] / n) * (cols[i] / n)
	}
	return n, po / n, pe
}

func marginals(t [][]float64) (rows, cols []float64) {
	rows, cols = make([]float64, len(t)), make([]float64, len(t))
	for i := range t {
		for j := range t[i] {
			rows[i] += t[i][j]
			cols[j] += t[i][j]
		}
	}
	return rows, cols
}

// ipfZero stands in for an empty cell or marginal during the fitting, as in
// EasyDIAg and ELAN (IPFUtil.ZERO_REPLACE).
const ipfZero = 0.001

// ipfIterations is how often ELAN adjusts rows then columns.
const ipfIterations = 20

// kappaIPF is ELAN's kappa including the unmatched category (GlobalCKappa.
// kappaAllIPF, after Holle & Rein): the last row and column of t hold the
// unmatched moments, whose crossing can never be observed. Chance agreement
// is the diagonal (without that cell) of a table fitted by iterative
// proportional fitting to t's marginals from a seed of ones with the
// unmatched–unmatched cell empty.
func kappaIPF(t [][]float64) Score {
	n, po, _ := tableChance(t)
	if n == 0 {
		return Score(math.NaN())
	}
	rows, cols := marginals(t)
	fit := ipf(rows, cols, len(t))
	var diag float64
	for i := 0; i < len(fit)-1; i++ {
		diag += fit[i][i]
	}
	pe := diag / n
	if pe == 1 {
		return Score(math.NaN())
	}
	return Score((po - pe) / (1 - pe))
}

// ipf fits a size×size seed (ones, the last cell empty) to the marginals:
// each round scales every row to its total, then every column. Empty cells
// and zero marginals are replaced by ipfZero first, as ELAN does.
func ipf(rows, cols []float64, size int) [][]float64 {
	m := make([][]float64, size)
	for i := range m {
		m[i] = make([]float64, size)
		for j := range m[i] {
			m[i][j] = 1
		}
	}
	m[size-1][size-1] = ipfZero
	rm, cm := nonZero(rows), nonZero(cols)
	for range ipfIterations {
		for i := range m {
			var s float64
			for _, v := range m[i] {
				s += v
			}
			for j := range m[i] {
				m[i][j] = m[i][j] / s * rm[i]
			}
		}
		for j := range cm {
			var s float64
			for i := range m {
				s += m[i][j]
			}
			for i := range m {
				m[i][j] = m[i][j] / s * cm[j]
			}
		}
	}
	return m
}

func nonZero(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x
		if x == 0 {
			out[i] = ipfZero
		}
	}
	return out
}
