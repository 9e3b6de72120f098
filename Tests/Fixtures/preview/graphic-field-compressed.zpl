^XA^PW812^LL406
^FO60,60^GFA,1200,1200,20,hF:::FgX0F:::::::::::::::::::FI0gRFI0F:::::::::::FgX0F:::::::::::::::::::hF:::^FS
^FO60,200^A0N,50,50^FDCompressed graphic^FS
^XZ
