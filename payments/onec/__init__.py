"""1C's own exchange formats: payment orders and bank statements (1CClientBankExchange 1.03)
and the salary-project registry (СчетаПК, edi_stnd/109). See docs/integrations.md."""
