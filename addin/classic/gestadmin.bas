Attribute VB_Name = "Gestadmin"
' Généré depuis macros/ribbon.py (python -m addin.classic.build) : ne pas modifier à la main.
' Appelé par chaque bouton du ruban (customUI14.xml, onAction="OnAction").
' RunPython vient du module xlwings (référence au complément xlwings ou module xlwings.bas importé).
Option Explicit

Public Sub OnAction(control As IRibbonControl)
    Select Case control.Id
        Case "ValiderFeuille"
            RunPython "import xlwings as xw; import macros.validation as m; m.valider_feuille(xw.Book.caller())"
        Case "NouveauRegistre"
            RunPython "import xlwings as xw; import macros.registres as m; m.nouveau_registre(xw.Book.caller())"
        Case "EmettreFactures"
            RunPython "import xlwings as xw; import macros.recettes as m; m.emettre_factures(xw.Book.caller())"
        Case "CreerAvoir"
            RunPython "import xlwings as xw; import macros.recettes as m; m.creer_avoir(xw.Book.caller())"
        Case "SituationBudgetaire"
            RunPython "import xlwings as xw; import macros.budget as m; m.situation_budgetaire(xw.Book.caller())"
        Case "GenererCourriers"
            RunPython "import xlwings as xw; import macros.courriers as m; m.generer_courriers(xw.Book.caller())"
        Case "EcheancesAVenir"
            RunPython "import xlwings as xw; import macros.courriers as m; m.echeances_a_venir(xw.Book.caller())"
        Case "ControlerFactures"
            RunPython "import xlwings as xw; import macros.factures as m; m.controler_factures(xw.Book.caller())"
        Case "Consolider"
            RunPython "import xlwings as xw; import macros.consolidation as m; m.consolider(xw.Book.caller())"
        Case "ExporterFinances"
            RunPython "import xlwings as xw; import macros.consolidation as m; m.exporter_finances(xw.Book.caller())"
        Case Else
            MsgBox "Bouton inconnu : " & control.Id, vbExclamation, "Gestion administrative"
    End Select
End Sub
