package blocks

// Align pairs the blocks of a and b in order (a longest common
// subsequence): blocks pair only with blocks of the same kind, and a pair
// whose texts are equal counts more, so an inserted or deleted block does
// not shift the pairs around it. It returns, for each block of a, the
// index of its partner in b or -1.
func Align(a, b []Block) []int {
	n, m := len(a), len(b)
	score := make([][]int, n+1)
	for i := range score {
		score[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			best := max(score[i+1][j], score[i][j+1])
			if w := weight(a[i], b[j]); w > 0 {
				best = max(best, w+score[i+1][j+1])
			}
			score[i][j] = best
		}
	}
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	for i, j := 0, 0; i < n && j < m; {
		w := weight(a[i], b[j])
		switch {
		case w > 0 && score[i][j] == w+score[i+1][j+1]:
			out[i] = j
			i, j = i+1, j+1
		case score[i][j] == score[i][j+1]:
			j++ // a block only b has; a's blocks pair as early as they can
		default:
			i++
		}
	}
	return out
}

func weight(x, y Block) int {
	switch {
	case x.Kind != y.Kind:
		return 0
	case x.Text == y.Text:
		return 3
	case x.Key == y.Key:
		return 2
	}
	return 1
}
