package render

// S5Cards decodes an S5 symbol (0..119, the permutations of five items in
// lexicographic order of their images, as core/s5 numbers them) into the
// deck it describes: deck[k] is the card at position k. The symbol lists
// where each card is (cards[x] = position of card x); the deck is its
// inverse, which is what a reader sees. It is display decoding only, not
// family logic. Out-of-range symbols give ok=false.
func S5Cards(sym int) (deck [5]int, ok bool) {
	if sym < 0 || sym >= 120 {
		return deck, false
	}
	var cards [5]int
	used := [5]bool{}
	fact := [5]int{24, 6, 2, 1, 1}
	for k := range 5 {
		idx := sym / fact[k]
		sym %= fact[k]
		for v := range 5 {
			if used[v] {
				continue
			}
			if idx == 0 {
				cards[k], used[v] = v, true
				break
			}
			idx--
		}
	}
	for x, pos := range cards {
		deck[pos] = x
	}
	return deck, true
}
