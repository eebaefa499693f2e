"""The award calculator (SPEC §6): rules as data in corpus/, exact arithmetic, plans under 第十条（二）.

The only source of a computed money figure anywhere in the product.
"""
