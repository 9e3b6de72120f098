^XA^PW812^LL406
^CF0,50
^FO40,40^FDDefault font by CF^FS
^CFD,36,20
^FO40,120^FDFont D default^FS
^FX a comment that draws nothing^FS
^FO40,200^A0N,45,45^FVVariable field^FS
^XZ
