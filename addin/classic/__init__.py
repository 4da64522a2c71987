"""Classic desktop add-in (Windows Excel + local Python + xlwings): ribbon XML, VBA dispatcher, .xlam build."""
