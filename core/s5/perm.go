package s5

// A permutation of five items, stored as the image of 0..4.
type perm [5]uint8

// perms lists all 120 permutations in lexicographic order; a permutation's
// symbol is its index here.
var perms = func() []perm {
	var out []perm
	var p perm
	var build func(k int, used uint8)
	build = func(k int, used uint8) {
		if k == 5 {
			out = append(out, p)
			return
		}
		for v := range uint8(5) {
			if used&(1<<v) == 0 {
				p[k] = v
				build(k+1, used|1<<v)
			}
		}
	}
	build(0, 0)
	return out
}()

// symbol returns the index of p in perms.
func symbol(p perm) int {
	for i, q := range perms {
		if q == p {
			return i
		}
	}
	panic("s5: not a permutation")
}

// then returns the permutation "a, then b": item x goes to b[a[x]].
func then(a, b perm) perm {
	var c perm
	for x := range c {
		c[x] = b[a[x]]
	}
	return c
}

// thenTable[a*120+b] is the symbol of "a, then b": the fixed small function
// one unit of the wide net evaluates.
var thenTable = func() []uint8 {
	t := make([]uint8, 120*120)
	for a, pa := range perms {
		for b, pb := range perms {
			t[a*120+b] = uint8(symbol(then(pa, pb)))
		}
	}
	return t
}()

func compose(a, b int) int { return int(thenTable[a*120+b]) }
