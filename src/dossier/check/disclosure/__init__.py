"""What may not leave: confidential items cited in a public build (`confidential`), restricted
strings and how they are found in any text (`restricted`), masked in whatever a tool prints
(`masking`), found in the inputs of a public edition before any layout and in its outputs,
read back (`output_text`), before anything is written (`leaks`)."""
