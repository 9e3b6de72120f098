^XA^PW812^LL812
^FO40,40^A0N,40,40^FB730,3,0,L^FDThis paragraph wraps inside a field block of three lines^FS
^FO40,220^A0N,40,40^FB730,2,0,C^FDCentred caption\&second line^FS
^FO40,340^A0N,40,40^FB730,1,0,R^FDRight aligned^FS
^FO40,420^A0N,40,40^FB730,3,10,J^FDJustified text spreads its words across the whole block width here^FS
^XZ
