"""What may not leave: confidential items cited in a public build (`confidential`), restricted
strings and how they are found in any text (`restricted`), and a public build's outputs read
back (`output_text`) and scanned for them before anything is written (`leaks`)."""
